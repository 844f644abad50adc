import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type ApiError, type Job } from '@poolwatch/shared';
import {
  api,
  jobIds,
  MiB,
  startStack,
  submit,
  waitJob,
  writeRandomFile,
  type Reply,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, testDataDir, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Space on the real host: a 64 MiB tmpfs mounted under the data dir (the tests run as root
 * in scripts/private-libvirt.sh's mount namespace, so the mount is private to this run)
 * holds a dir pool in `tmpfs/pool`; `tmpfs/filler` fills the same file system without
 * being a volume. Ground truth: local virsh and the directory itself.
 */
const H = 'sandbox';
const TMPFS_BYTES = 64 * MiB;

describe('space guard rails on a small tmpfs pool', () => {
  let stack: Stack;
  let source: TestPool;
  const mount = join(testDataDir, `tmpfs-space-${process.pid}`);
  const poolDir = join(mount, 'pool');
  const poolName = `pw-int tmpfs-${process.pid}`;
  const filler = join(mount, 'filler');

  const fill = (bytes: number) => execFileSync('fallocate', ['-l', String(bytes), '--', filler]);
  const unfill = () => rmSync(filler, { force: true });
  const poolFiles = () => readdirSync(poolDir).sort();
  const volumes = () =>
    virsh('vol-list', '--pool', poolName)
      .split('\n')
      .filter((l) => l.includes(poolDir));
  const available = () => {
    virsh('pool-refresh', '--', poolName);
    return Number(/^Available:\s+(\d+)/m.exec(virsh('pool-info', '--bytes', '--', poolName))![1]);
  };
  const expectRefused = async (reply: Reply, before: string[]) => {
    expect(reply.status).toBe(409);
    const { error } = reply.body as ApiError & { error: { needed: number; available: number } };
    expect(Object.keys(error).sort()).toEqual(['available', 'id', 'message', 'needed']);
    expect(error.id).toBe('insufficient_space');
    expect(error.needed).toBeGreaterThan(error.available);
    expect(error.available).toBe(available());
    expect(error.message).toContain(String(error.needed));
    expect(await jobIds(stack)).toEqual(before);
    expect(poolFiles()).toEqual([]);
    expect(volumes()).toEqual([]);
  };

  beforeAll(async () => {
    mkdirSync(mount, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES}`, 'pw-space', mount]);
    mkdirSync(poolDir);
    virsh('pool-create-as', '--name', poolName, '--type', 'dir', '--target', poolDir);
    source = createTestPool('space-src');
    await writeRandomFile(join(source.dir, 'forty.raw'), 40 * MiB);
    virsh('pool-refresh', '--', source.name);
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    try {
      virsh('pool-destroy', '--', poolName);
    } catch {
      // already gone
    }
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
    source?.destroy();
  });

  test('create, clone, allocating resize and upload create=1 beyond the free space: 409 insufficient_space, nothing runs', async () => {
    const before = await jobIds(stack);
    await expectRefused(
      await api(stack, 'POST', apiPaths.volumes(H, poolName), {
        name: 'too big.raw',
        capacity: 2 * TMPFS_BYTES,
        allocation: 2 * TMPFS_BYTES,
      }),
      before,
    );

    fill(40 * MiB); // 24 MiB left: the 40 MiB source does not fit
    try {
      await expectRefused(
        await api(stack, 'POST', apiPaths.volumeClone(H, source.name, 'forty.raw'), {
          name: 'clone.raw',
          targetPool: poolName,
        }),
        before,
      );

      const upload = await new Promise<Reply>((resolve, reject) => {
        const req = request(
          new URL(stack.base + apiPaths.volumeContent(H, poolName, 'up.raw') + '?create=1'),
          {
            method: 'PUT',
            headers: {
              cookie: stack.admin.cookie,
              'x-csrf-token': stack.admin.csrf,
              'content-type': 'application/octet-stream',
              'content-length': String(30 * MiB),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.flushHeaders(); // the answer must come before any byte is sent
      });
      await expectRefused(upload, before);
    } finally {
      unfill();
    }

    // An allocating resize of a small volume by more than is free.
    virsh('vol-create-as', '--pool', poolName, '--name', 'small.raw', '--capacity', '1M');
    const withSmall = await jobIds(stack);
    const resize = await api(stack, 'POST', apiPaths.volumeResize(H, poolName, 'small.raw'), {
      capacity: 2 * TMPFS_BYTES,
      allocate: true,
    });
    expect(resize.status).toBe(409);
    expect((resize.body as ApiError).error.id).toBe('insufficient_space');
    expect(await jobIds(stack)).toEqual(withSmall);
    expect(virsh('vol-info', '--bytes', '--pool', poolName, '--', 'small.raw')).toMatch(
      /Capacity:\s+1048576 bytes/,
    );
    virsh('vol-delete', '--pool', poolName, '--', 'small.raw');
  });

  test('ENOSPC mid-job (two clones that each fit, not together): failed with a clear message, nothing left, BFF healthy', async () => {
    const clone = (name: string) =>
      submit(stack, 'POST', apiPaths.volumeClone(H, source.name, 'forty.raw'), {
        name,
        targetPool: poolName,
      });
    // Both are checked before either writes a byte (each passes: 40 of 64 MiB), together
    // they need 80 MiB.
    const submitted = await Promise.all([clone('a.raw'), clone('b.raw')]);
    const ended = await Promise.all(submitted.map((j) => waitJob(stack, j.id)));
    const failed = ended.filter((j) => j.state === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const job of failed) {
      expect(job.error?.message).toMatch(
        /^copy on the host failed: no space left on the pool's file system \(ENOSPC\)/,
      );
    }
    const kept = ended.filter((j) => j.state === 'succeeded').map((j) => j.target.targetVolume);
    expect(poolFiles()).toEqual(kept.sort());
    expect(volumes().length).toBe(kept.length);
    expect((await api(stack, 'GET', '/api/health')).status).toBe(200);
    expect((await api(stack, 'GET', apiPaths.volumes(H, poolName))).status).toBe(200);
    for (const name of kept) virsh('vol-delete', '--pool', poolName, '--', name!);
  });

  test('fallocate hitting ENOSPC fails the job: no zeros written instead', async () => {
    // libvirt's own running figures wrap around below 0 after volumes of a full pool are
    // deleted (18446744073667608576 seen here); a refresh recomputes them.
    virsh('pool-refresh', '--', poolName);
    const create = (name: string) =>
      submit(stack, 'POST', apiPaths.volumes(H, poolName), {
        name,
        capacity: 40 * MiB,
        allocation: 40 * MiB,
      });
    const submitted: Job[] = await Promise.all([create('c.raw'), create('d.raw')]);
    const ended = await Promise.all(submitted.map((j) => waitJob(stack, j.id)));
    const failed = ended.filter((j) => j.state === 'failed');
    expect(failed.length).toBe(1);
    expect(failed[0]!.error?.message).toContain(
      "no space left on the pool's file system (ENOSPC): fallocate of 41943040 bytes failed",
    );
    const kept = ended.filter((j) => j.state === 'succeeded').map((j) => j.target.volume!);
    expect(poolFiles()).toEqual(kept);
    for (const name of kept) virsh('vol-delete', '--pool', poolName, '--', name);
  });
});
