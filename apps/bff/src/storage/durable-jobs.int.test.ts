import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import { startChildBff, type ChildBff } from '../test-support/bff-child.js';
import { getJob, jobEnd, postJob, untilMoving } from '../test-support/child-jobs.js';
import { GiB, openersOf, sh, sha256, volListed, writeRandomFile } from '../test-support/jobs.js';
import { createTestPool, sandboxHost, virsh, type TestPool } from '../test-support/sandbox.js';
import { sshdServing } from '../test-support/ssh-link.js';

/**
 * Durable host-side jobs: byte movers run detached under the host agent, so a BFF killed
 * (-9), stopped (SIGTERM) or cut off from the host (its agent's sshd child killed) mid job
 * does not stop the work: the real BFF (src/main.ts) runs as a child process, and the same
 * job id, seen from a new BFF on the same data dir (or the same BFF on a new link), reaches
 * `succeeded` with the content right (sha256 of the target = the source's).
 */
const H = 'sandbox';
const RAW = 'durable source.raw'; // 2 GiB of random bytes
const ZERO_ME = 'durable zero.raw'; // 2 GiB, fully allocated, random
const STATE = '/run/poolwatch/jobs';
const sshPort = Number(new URL(sandboxHost.uri).port);

describe('durable host-side jobs', () => {
  let pool: TestPool;
  let dataDir: string;
  let sourceSha: string;
  const path = (name: string) => join(pool.dir, name);

  beforeAll(async () => {
    pool = createTestPool('durable');
    await writeRandomFile(path(RAW), 2 * GiB);
    sourceSha = await sha256(path(RAW));
    virsh('pool-refresh', '--', pool.name);
    dataDir = mkdtempSync(join(tmpdir(), 'pw-durable-'));
  }, 240_000);

  afterAll(() => {
    pool?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Running on the host and moved bytes, its detached worker recorded and alive. */
  const midway = async (bff: ChildBff, id: string) => {
    await untilMoving(bff, id, 60_000);
    expect(existsSync(join(STATE, id, 'pid'))).toBe(true);
  };
  const endOf = (bff: ChildBff, id: string) => jobEnd(bff, id, 120_000);
  const clone = (bff: ChildBff, name: string) =>
    postJob(bff, apiPaths.volumeClone(H, pool.name, RAW), { name, format: 'raw' });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    test(`${signal} mid 2 GiB raw→raw clone: the same job id succeeds after a restart, content right`, async () => {
      const name = `durable ${signal}.img`;
      const first = await startChildBff(dataDir);
      let job: Job;
      try {
        job = await clone(first, name);
        await midway(first, job.id);
      } finally {
        await first.kill(signal);
      }
      // The BFF is gone; the work was not finished when it died, and still runs detached.
      expect(existsSync(join(STATE, job.id, 'exit'))).toBe(false);
      const second = await startChildBff(dataDir);
      try {
        const done = await endOf(second, job.id);
        expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
        expect(done.attachedAt).not.toBeNull();
        expect(Date.parse(done.attachedAt!)).toBeGreaterThan(Date.parse(job.createdAt));
        expect(done.progress.dataProcessed).toBe(2 * GiB);
        expect(await sha256(path(name))).toBe(sourceSha);
        expect(volListed(pool, name)).toBe(true);
        // The state directory is removed once the outcome is recorded.
        await expect.poll(() => existsSync(join(STATE, job.id)), { timeout: 15_000 }).toBe(false);
      } finally {
        await second.kill('SIGTERM');
      }
    }, 300_000);
  }

  test('the agent’s SSH link killed mid clone: the same BFF re-attaches, the job succeeds', async () => {
    const name = 'durable ssh-kill.img';
    const bff = await startChildBff(dataDir);
    try {
      const job = await clone(bff, name);
      await midway(bff, job.id);
      const attachedBefore = (await getJob(bff, job.id)).attachedAt;
      const sshd = sshdServing(bff.pid, 'poolwatch-agent', sshPort);
      expect(sshd.length).toBeGreaterThan(0);
      for (const pid of sshd) process.kill(pid, 'SIGKILL');
      expect(existsSync(join(STATE, job.id, 'exit'))).toBe(false);
      const done = await endOf(bff, job.id);
      expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
      expect(done.attachedAt).not.toBe(attachedBefore); // re-attached over a new link
      expect(await sha256(path(name))).toBe(sourceSha);
    } finally {
      await bff.kill('SIGTERM');
    }
  }, 300_000);

  test('SIGKILL mid zero wipe: the wipe goes on and succeeds, every byte zero', async () => {
    await sh('cp', '--sparse=never', '--', path(RAW), path(ZERO_ME));
    virsh('pool-refresh', '--', pool.name);
    const first = await startChildBff(dataDir);
    let job: Job;
    try {
      job = await postJob(first, apiPaths.volumeWipe(H, pool.name, ZERO_ME), { algorithm: 'zero' });
      await midway(first, job.id);
    } finally {
      await first.kill('SIGKILL');
    }
    expect(existsSync(join(STATE, job.id, 'exit'))).toBe(false);
    const second = await startChildBff(dataDir);
    try {
      const done = await endOf(second, job.id);
      expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
      // cmp exits 0 only when the first 2 GiB equal /dev/zero's.
      await sh('cmp', '-n', String(2 * GiB), '--', path(ZERO_ME), '/dev/zero');
    } finally {
      await second.kill('SIGTERM');
    }
  }, 300_000);

  test('cancel after re-attach stops the host I/O and leaves no target', async () => {
    const name = 'durable cancelled.img';
    const first = await startChildBff(dataDir);
    let job: Job;
    let worker: number;
    try {
      job = await clone(first, name);
      await midway(first, job.id);
      // Held still (SIGSTOP) so the copy cannot finish before the cancel: the test is about
      // a cancel that reaches work still in flight. SIGTERM stays pending until SIGCONT.
      worker = Number(readFileSync(join(STATE, job.id, 'pid'), 'utf8').trim());
      process.kill(worker, 'SIGSTOP');
    } finally {
      await first.kill('SIGKILL');
    }
    const second = await startChildBff(dataDir);
    try {
      await expect
        .poll(async () => (await getJob(second, job.id)).attachedAt !== job.attachedAt, {
          timeout: 30_000,
        })
        .toBe(true);
      expect(existsSync(join(STATE, job.id, 'exit'))).toBe(false);
      const reply = await second.api<Job>('POST', apiPaths.jobCancel(job.id));
      expect(reply.status, JSON.stringify(reply.body)).toBe(202);
      process.kill(worker, 'SIGCONT');
      const done = await endOf(second, job.id);
      expect(done.state).toBe('cancelled');
      expect(openersOf([path(name)])).toEqual([]);
      expect(volListed(pool, name)).toBe(false);
      expect(existsSync(path(name))).toBe(false);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 300_000);

  test('the detached worker killed by someone else: the job fails, its target is removed', async () => {
    const name = 'durable killed.img';
    const bff = await startChildBff(dataDir);
    try {
      const job = await clone(bff, name);
      await midway(bff, job.id);
      const pid = Number(readFileSync(join(STATE, job.id, 'pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      const done = await endOf(bff, job.id);
      expect(done.state).toBe('failed');
      expect(done.error?.message).toMatch(/exit 137|failed/);
      expect(volListed(pool, name)).toBe(false);
      expect(existsSync(path(name))).toBe(false);
    } finally {
      await bff.kill('SIGTERM');
    }
  }, 300_000);
});
