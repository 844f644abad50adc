import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { PoolDirListener } from './agent-pool-dirs.js';
import { HostAgent } from './host-agent.js';
import { HostShell } from './host-shell.js';

/**
 * The real agent (agent.sh + pool-dirs.sh) under a local bash, as host-scripts.test.ts runs
 * the host scripts: real directories, real stat. Its pool-refresh finds no such pool on this
 * machine and fails, which the agent ignores by design (it still tells the change).
 */
const base = mkdtempSync(join(tmpdir(), 'pw-pool-dirs '));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const log = pino({ level: 'silent' });
const env = { ...process.env, POOLWATCH_AGENT_ROOT: join(base, 'jobs') };

const A = '0000aaaa-1111-2222-3333-444444444444';
const B = '0000bbbb-1111-2222-3333-444444444444';

function recorder() {
  const told = { watching: [] as string[][], changed: [] as string[], lost: 0 };
  const listener: PoolDirListener = {
    watching: (uuids) => told.watching.push([...uuids].sort()),
    changed: (uuid) => told.changed.push(uuid),
    lost: () => (told.lost += 1),
  };
  return { told, listener };
}

async function waitFor(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the host agent watches pool directories (pool-dirs.sh)', () => {
  it('tells a created, renamed or deleted file by pool, not a write inside a file', async () => {
    const a = join(base, 'pool a');
    const b = join(base, 'pool\nb');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'disk.img'), '');
    const agent = new HostAgent(new HostShell('qemu:///system', env, log), log);
    const { told, listener } = recorder();
    agent.poolDirs.listen(listener);
    agent.poolDirs.watch([
      { uuid: A, path: a },
      { uuid: B, path: b },
    ]);
    await waitFor(() => told.watching.length === 1);
    expect(told.watching[0]).toEqual([A, B]);
    // The same set again is not sent again (it would reset the baseline).
    agent.poolDirs.watch([
      { uuid: B, path: b },
      { uuid: A, path: a },
    ]);

    // Data written inside an existing file changes no directory: nothing is told for it.
    // (Told in the same second as the create below would still show as A alone, once.)
    appendFileSync(join(a, 'disk.img'), Buffer.alloc(4096));
    writeFileSync(join(b, 'copied in by hand.img'), 'x');
    await waitFor(() => told.changed.includes(B));
    expect(told.changed).toEqual([B]);

    renameSync(join(a, 'disk.img'), join(a, 'renamed.img'));
    await waitFor(() => told.changed.includes(A));
    rmSync(join(b, 'copied in by hand.img'));
    await waitFor(() => told.changed.filter((u) => u === B).length === 2);
    expect(told.watching).toHaveLength(1);

    agent.close();
    await waitFor(() => told.lost === 1);
  }, 30_000);

  it('refuses a relative path: the set is then not watched at all (the pools are polled)', async () => {
    const agent = new HostAgent(new HostShell('qemu:///system', env, log), log);
    const { told, listener } = recorder();
    agent.poolDirs.listen(listener);
    agent.poolDirs.watch([
      { uuid: A, path: 'relative/dir' },
      { uuid: B, path: base },
    ]);
    await waitFor(() => told.watching.length === 1);
    expect(told.watching[0]).toEqual([]);
    agent.close();
    await waitFor(() => told.lost === 1);
  }, 30_000);
});
