import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { apiPaths, type Host } from '@poolwatch/shared';
import {
  createTestPool,
  sandboxHost,
  testDataDir,
  virsh,
  type TestPool,
} from '../test-support/sandbox.js';

/**
 * The real BFF (its own process, as deployed) with its data dir on a 2 MiB tmpfs and its
 * log (stdout) in a file on that tmpfs; then the tmpfs is filled. It must keep serving
 * reads, answer health "degraded" with the reason, count the failures, and stay up.
 * Mounting needs root: scripts/private-libvirt.sh runs us in a mount namespace of our own.
 */
const bffDir = resolve(import.meta.dirname, '../..');
const mount = join(testDataDir, 'disk-full');
const port = Number(process.env.POOLWATCH_TEST_BFF_PORT ?? 18790);
const base = `http://127.0.0.1:${port}`;
const password = 'disk-full-admin-password';

describe('the BFF on a full disk', () => {
  let bff: ChildProcess;
  let stderr = '';
  let cookie = '';
  let pool: TestPool;

  const get = (path: string) => fetch(`${base}${path}`, { headers: { cookie } });

  beforeAll(async () => {
    mkdirSync(mount, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'pw-disk-full', mount]);
    pool = createTestPool('disk-full');
    virsh('vol-create-as', '--pool', pool.name, '--name', 'read-me.raw', '--capacity', '1M');
    const log = openSync(join(mount, 'bff.log'), 'a');
    bff = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: bffDir,
      env: {
        ...process.env,
        PORT: String(port),
        POOLWATCH_DATA: mount,
        POOLWATCH_HOSTS: JSON.stringify([sandboxHost]),
        POOLWATCH_ADMIN_PASSWORD: password,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', log, 'pipe'],
    });
    closeSync(log);
    bff.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await vi.waitFor(
      async () => {
        const res = await fetch(`${base}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ username: 'admin', password }),
        });
        expect(res.status).toBe(200);
        cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      },
      { timeout: 30_000, interval: 250 },
    );
    await vi.waitFor(
      async () => {
        const hosts = (await (await get('/api/hosts')).json()) as Host[];
        expect(hosts[0]?.state).toBe('connected');
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok' });

    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mount, 'filler')}`, 'bs=64k'], {
        stdio: 'ignore',
      });
    } catch {
      // ENOSPC: the disk is full now
    }
  });

  afterAll(async () => {
    // Stopped by its own handle (PID), and for sure: it holds a port of the shared network.
    if (bff && bff.exitCode === null) {
      const exited = new Promise((done) => bff.once('exit', done));
      bff.kill('SIGTERM');
      const timer = setTimeout(() => bff.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    pool?.destroy();
    try {
      execFileSync('umount', ['-l', mount]);
    } catch {
      // not mounted
    }
    rmSync(mount, { recursive: true, force: true });
  });

  test('reads keep working, writes are refused with the reason, health says degraded', async () => {
    // The log file's last tmpfs page may still have up to 4 KiB of room after the fill: enough
    // rounds (each logs its requests) that the log store surely meets ENOSPC.
    for (let round = 0; round < 20; round++) {
      expect((await get('/api/hosts')).status).toBe(200);
      const pools = await get(apiPaths.pools('sandbox'));
      expect(pools.status).toBe(200);
      const volumes = await get(apiPaths.volumes('sandbox', pool.name));
      expect(volumes.status).toBe(200);
      expect(((await volumes.json()) as { name: string }[]).map((v) => v.name)).toEqual([
        'read-me.raw',
      ]);
      if (round >= 3) continue; // sign-in failures are rate-limited past a few
      // A wrong password is audited: that write fails, the answer stays a plain 401.
      const wrong = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ username: `nobody-${round}`, password: 'wrong-password' }),
      });
      expect(wrong.status).toBe(401);
    }
    // A job whose history cannot be written is refused before it runs (or, had SQLite's WAL
    // still had room, accepted): never a 500, never a crash.
    const refresh = await fetch(`${base}${apiPaths.poolAction('sandbox', pool.name, 'refresh')}`, {
      method: 'POST',
      headers: { cookie, origin: base, 'x-csrf-token': await csrf() },
    });
    expect([202, 503]).toContain(refresh.status);
    if (refresh.status === 503) {
      expect(await refresh.json()).toMatchObject({ error: { id: 'storage_unavailable' } });
    }

    const health = (await (await fetch(`${base}/api/health`)).json()) as {
      status: string;
      problems: { store: string; error: string }[];
    };
    expect(health.status).toBe('degraded');
    // Each store's first write after the fill fails (SQLite's WAL only grows in so short a run).
    expect(health.problems.map((p) => p.store).sort()).toEqual([
      'audit',
      'jobs',
      'log',
      'sessions',
    ]);
    expect(health.problems.find((p) => p.store === 'jobs')?.error).toMatch(/SQLITE_FULL/);
    expect(health.problems.find((p) => p.store === 'log')?.error).toMatch(/ENOSPC/);
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/poolwatch_storage_errors_total\{store="log"\} [1-9]/);
    expect(stderr).toMatch(/the log store cannot write: .*ENOSPC/);
    expect(bff.exitCode).toBeNull();

    // Space back: the stores write again and health recovers by itself.
    rmSync(join(mount, 'filler'));
    await vi.waitFor(
      async () => {
        await get('/api/hosts');
        await fetch(`${base}${apiPaths.poolAction('sandbox', pool.name, 'refresh')}`, {
          method: 'POST',
          headers: { cookie, origin: base, 'x-csrf-token': await csrf() },
        });
        expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok' });
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(bff.exitCode).toBeNull();
  });

  async function csrf(): Promise<string> {
    const res = await get('/api/session');
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }
});
