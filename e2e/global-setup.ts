/**
 * Fails early, with the fix in the message, when the services the BFF needs are not up;
 * then sweeps test pools left by a crashed run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { request } from '@playwright/test';
import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  LOCAL_URI,
  SANDBOX_DIR,
  SANDBOX_URI,
  STORAGE_STATE,
  WEB_INDEX,
} from './support/env.js';
import { sweepStalePools } from './support/pools.js';

const execFileP = promisify(execFile);
const FIX =
  'Start them with `sudo bash scripts/services.sh` (from the repo root), then re-run the tests.';

async function check(what: string, file: string, args: string[], env?: NodeJS.ProcessEnv) {
  try {
    await execFileP(file, args, { timeout: 20_000, env: env ?? process.env });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `e2e needs ${what}, which did not answer: ${e.stderr?.trim() || e.message}\n${FIX}`,
    );
  }
}

export default async function globalSetup(): Promise<void> {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      `${WEB_INDEX} is missing: the BFF serves the built UI; run \`pnpm build\` at the repo root.`,
    );
  }
  await check('libvirtd (local socket)', 'virsh', ['-c', LOCAL_URI, '-q', 'uri']);
  for (const f of ['id_ed25519', 'known_hosts', 'bin/ssh']) {
    if (!existsSync(path.join(SANDBOX_DIR, f))) {
      throw new Error(
        `e2e needs the sandbox ssh set-up, but ${path.join(SANDBOX_DIR, f)} is missing.\n${FIX}`,
      );
    }
  }
  // The same route the BFF takes: libvirt over the sandbox sshd, with the sandbox key.
  await check(
    'the sandbox sshd + libvirtd over qemu+ssh',
    'virsh',
    ['-c', SANDBOX_URI, '-q', 'uri'],
    {
      ...process.env,
      PATH: `${path.join(SANDBOX_DIR, 'bin')}:${process.env.PATH ?? ''}`,
    },
  );
  await signInOnce();
  const swept = await sweepStalePools();
  if (swept.length) console.log(`[e2e] destroyed stale test pools: ${swept.join(', ')}`);
}

/** Signs in as the admin once and saves the cookie for every test (storageState). */
async function signInOnce(): Promise<void> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const res = await api.post('/api/session', {
    data: { username: ADMIN_USER, password: ADMIN_PASSWORD },
  });
  if (res.status() !== 200) {
    throw new Error(
      `e2e could not sign in as ${ADMIN_USER} (HTTP ${res.status()}: ${await res.text()}). ` +
        `The e2e data dir may hold an admin with another password: remove its auth.sqlite.`,
    );
  }
  await api.storageState({ path: STORAGE_STATE });
  await api.dispose();
}
