import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import { activityOn, describeActivity, isQuiet } from '@poolwatch/host-truth';
import {
  allocatedBytes,
  api,
  fraction,
  GiB,
  MiB,
  onDisk,
  progressWhen,
  sh,
  slowDownload,
  slowUpload,
  startStack,
  submit,
  volListed,
  waitJob,
  writeRandomFile,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Cancel midway, for every cancellable path: Poolwatch's own movers (dd), libvirt's
 * qemu-img and scrub children (killed by the probe), and libvirt streams (virsh killed).
 * Ground truth: /proc of the host (this machine), the pool directory, local virsh.
 * Outcomes only, with a generous bound (nothing holds the files within 15 s of the cancel):
 * how fast the host goes quiet is measured and printed by bench/latency.bench.ts.
 */
const H = 'sandbox';
const RAW = 'cancel source.raw'; // 2 GiB of random bytes
const QCOW2 = 'cancel source.qcow2'; // the same bytes as qcow2
const ZERO_ME = 'wipe zero.raw'; // 2 GiB, fully allocated
const SCRUB_ME = 'wipe nnsa.raw'; // 512 MiB, fully allocated (4 passes)
const DOWN = 'download me.raw'; // 256 MiB of random bytes

interface Measured {
  what: string;
  atCancel: number;
}

/** Generous: a loaded machine (load 6) must not fail a correct cancel. */
const QUIET_BOUND = { timeout: 15_000, interval: 50 };

describe('cancel midway on the real host', () => {
  let stack: Stack;
  let pool: TestPool;
  const measured: Measured[] = [];
  const path = (name: string) => join(pool.dir, name);

  beforeAll(async () => {
    pool = createTestPool('cancel');
    await writeRandomFile(path(RAW), 2 * GiB);
    await sh('qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', '--', path(RAW), path(QCOW2));
    await sh('fallocate', '-l', String(2 * GiB), '--', path(ZERO_ME));
    await sh('fallocate', '-l', String(512 * MiB), '--', path(SCRUB_ME));
    await writeRandomFile(path(DOWN), 256 * MiB);
    virsh('pool-refresh', '--', pool.name);
    stack = await startStack();
  }, 180_000);

  afterAll(async () => {
    if (measured.length > 0) {
      console.info(
        measured
          .map(
            (m) => `[cancel] ${m.what.padEnd(24)} cancelled at ${(m.atCancel * 100).toFixed(1)}%`,
          )
          .join('\n'),
      );
    }
    await stack?.close();
    pool?.destroy();
  });

  /**
   * Waits until the job passed 10%, cancels over HTTP, then waits for /proc to show nothing
   * holding the paths. Fails (saying so) when the job ends before it could be cancelled.
   */
  async function cancelMidway(what: string, job: Job, paths: string[], needles: string[]) {
    expect(job.cancellable).toBe(true);
    const seen = await progressWhen(stack, job.id, (e) => fraction(e.progress) >= 0.1).catch(
      (error: Error) => {
        console.info(`[cancel] ${what}: could not cancel midway: ${error.message}`);
        throw error;
      },
    );
    const reply = await api<Job>(stack, 'POST', apiPaths.jobCancel(job.id));
    const atCancel = fraction(reply.body.progress);
    measured.push({ what, atCancel });
    expect(reply.status).toBe(202);
    expect(reply.body.state).toBe('cancelling');
    expect(fraction(seen.progress)).toBeGreaterThanOrEqual(0.1);
    if (atCancel >= 0.6)
      console.info(`[cancel] ${what}: the job was already at ${(atCancel * 100).toFixed(1)}%`);
    expect(atCancel).toBeLessThan(0.6);
    await vi.waitFor(() => {
      const activity = activityOn(paths, needles);
      expect(isQuiet(activity), `still on the host: ${describeActivity(activity).join('; ')}`).toBe(
        true,
      );
    }, QUIET_BOUND);
    const final = await waitJob(stack, job.id);
    expect(final.state).toBe('cancelled');
    expect(final.error).toBeNull();
    return final;
  }

  /** Resolves with the job the engine accepted for this kind and volume (upload/download answer late). */
  function jobFor(kind: Job['kind'], volume: string): Promise<Job> {
    return new Promise((resolve) => {
      const listener = (job: Job) => {
        if (job.kind !== kind || job.target.volume !== volume) return;
        stack.engine.off('updated', listener);
        resolve(job);
      };
      stack.engine.on('updated', listener);
    });
  }

  const expectGone = (name: string) => {
    expect(volListed(pool, name)).toBe(false);
    expect(onDisk(pool, name)).toBe(false);
  };

  test.each([
    { what: 'clone raw→raw (dd)', source: RAW, name: 'cancel copy.raw', format: undefined },
    { what: 'clone raw→qcow2', source: RAW, name: 'cancel copy.qcow2', format: 'qcow2' },
    { what: 'clone qcow2→raw', source: QCOW2, name: 'cancel from qcow2.raw', format: 'raw' },
  ])('$what: cancelled, host quiet, no target left', async ({ what, source, name, format }) => {
    const job = await submit(stack, 'POST', apiPaths.volumeClone(H, pool.name, source), {
      name,
      format,
    });
    await cancelMidway(what, job, [path(name)], [path(name), name, source]);
    expectGone(name);
    await expect
      .poll(async () => (await api(stack, 'GET', apiPaths.volume(H, pool.name, name))).status)
      .toBe(404);
  });

  test.each([
    { what: 'wipe zero (dd)', name: ZERO_ME, algorithm: 'zero', size: 2 * GiB },
    { what: 'wipe nnsa (scrub)', name: SCRUB_ME, algorithm: 'nnsa', size: 512 * MiB },
  ])('$what: cancelled, host quiet, the volume stays', async ({ what, name, algorithm, size }) => {
    const job = await submit(stack, 'POST', apiPaths.volumeWipe(H, pool.name, name), {
      algorithm,
    });
    await cancelMidway(what, job, [path(name)], [path(name), name]);
    expect(volListed(pool, name)).toBe(true);
    expect(statSync(path(name)).size).toBe(size);
  });

  test('allocating create (fallocate, own path): cancellable, succeeds, space reserved', async () => {
    const name = 'allocated.raw';
    try {
      const job = await submit(stack, 'POST', apiPaths.volumes(H, pool.name), {
        name,
        capacity: GiB,
        allocation: GiB,
      });
      expect(job.cancellable).toBe(true);
      const final = await waitJob(stack, job.id);
      expect(final.state).toBe('succeeded');
      expect(statSync(path(name)).size).toBe(GiB);
      expect(allocatedBytes(path(name))).toBeGreaterThanOrEqual(GiB);
      expect(volListed(pool, name)).toBe(true);
    } finally {
      if (volListed(pool, name)) virsh('vol-delete', '--pool', pool.name, '--', name);
    }
  });

  test('upload ?create=1 from a slow client: cancelled, host quiet, the new volume is gone', async () => {
    const name = 'cancel upload.raw';
    const accepted = jobFor('volume.upload', name);
    const upload = slowUpload(
      stack,
      `${apiPaths.volumeContent(H, pool.name, name)}?create=1`,
      64 * MiB,
      24 * MiB,
    );
    try {
      const job = await accepted;
      await cancelMidway('upload create=1', job, [path(name)], [path(name), name]);
      const reply = await upload.reply;
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({
        error: { id: 'job_cancelled' },
        job: { id: job.id, state: 'cancelled' },
      });
      expectGone(name);
    } finally {
      upload.stop();
    }
  });

  test('download to a slow client: cancelled, host quiet, the volume stays', async () => {
    const accepted = jobFor('volume.download', DOWN);
    const download = slowDownload(
      stack,
      apiPaths.volumeContent(H, pool.name, DOWN),
      0.2 * 256 * MiB,
    );
    try {
      const job = await accepted;
      expect(await download.status).toBe(200);
      await cancelMidway('download', job, [path(DOWN)], [path(DOWN), DOWN]);
      expect(download.received).toBeLessThan(256 * MiB);
      expect(volListed(pool, DOWN)).toBe(true);
      expect(statSync(path(DOWN)).size).toBe(256 * MiB);
    } finally {
      download.stop();
    }
  });
});
