import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import { startChildBff, type ChildBff } from '../test-support/bff-child.js';
import { getJob, jobEnd, postJob, untilMoving } from '../test-support/child-jobs.js';
import { allocatedBytes, GiB, sh, volListed, writeRandomFile } from '../test-support/jobs.js';
import { createTestPool, sandboxHost, virsh, type TestPool } from '../test-support/sandbox.js';
import { sshdServing } from '../test-support/ssh-link.js';

/**
 * libvirt's own long calls as durable host-side jobs: `vol-create-from` with a format change
 * (libvirt runs qemu-img convert) and scrub wipes run as a virsh client the host agent
 * launched detached, so a BFF killed (-9), stopped (SIGTERM) or cut off from the host mid
 * call does not stop it: the same job id, seen from a new BFF on the same data dir (or the
 * same BFF on a new link), reaches its real end. The real BFF (src/main.ts) runs as a child.
 */
const H = 'sandbox';
const RAW = 'durable libvirt source.raw'; // 4 GiB of random bytes: mid-flight even when idle
const SCRUB_ME = 'durable nnsa.raw'; // 1 GiB, fully allocated: nnsa = 4 passes
const STATE = '/run/poolwatch/jobs';
/** What scrub(1) writes at the start of a file it scrubbed (without -S). */
const SIGNATURE = '\x01\x02\x03SCRUBBED!';
const sshPort = Number(new URL(sandboxHost.uri).port);

const stateFile = (id: string, file: string) => join(STATE, id, file);
const recorded = (id: string, file: string) =>
  Number(readFileSync(stateFile(id, file), 'utf8').trim());
const alive = (pid: number) => existsSync(`/proc/${pid}`);
function head(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

describe('durable libvirt calls (qemu-img, scrub)', () => {
  let pool: TestPool;
  let dataDir: string;
  const path = (name: string) => join(pool.dir, name);

  beforeAll(async () => {
    pool = createTestPool('durable-libvirt');
    await writeRandomFile(path(RAW), 4 * GiB);
    await sh('fallocate', '-l', String(GiB), '--', path(SCRUB_ME));
    virsh('pool-refresh', '--', pool.name);
    dataDir = mkdtempSync(join(tmpdir(), 'pw-durable-libvirt-'));
  }, 300_000);

  afterAll(() => {
    pool?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Running on the host and measured from libvirt's child, which the agent recorded. */
  const midway = async (bff: ChildBff, id: string) => {
    await untilMoving(bff, id, 90_000);
    expect(alive(recorded(id, 'pid'))).toBe(true); // the detached virsh
    expect(alive(recorded(id, 'child'))).toBe(true); // libvirtd's qemu-img / scrub
  };
  const endOf = (bff: ChildBff, id: string) => jobEnd(bff, id, 240_000);
  const toQcow2 = (bff: ChildBff, name: string) =>
    postJob(bff, apiPaths.volumeClone(H, pool.name, RAW), { name, format: 'qcow2' });
  /** qemu-img compare exits 0 only when the guest-visible contents are equal. */
  const sameContent = (name: string) =>
    sh('qemu-img', 'compare', '-f', 'raw', '-F', 'qcow2', '--', path(RAW), path(name));
  const dropTarget = (name: string) => {
    if (volListed(pool, name)) virsh('vol-delete', '--pool', pool.name, '--', name);
  };

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    test(`${signal} mid 4 GiB raw→qcow2 clone: the same job id succeeds after a restart, content equal`, async () => {
      const name = `durable ${signal}.qcow2`;
      const first = await startChildBff(dataDir);
      let job: Job;
      try {
        job = await toQcow2(first, name);
        await midway(first, job.id);
      } finally {
        await first.kill(signal);
      }
      // The BFF is gone; libvirt's call had not ended, and its virsh still runs detached.
      expect(existsSync(stateFile(job.id, 'exit'))).toBe(false);
      expect(alive(recorded(job.id, 'pid'))).toBe(true);
      const second = await startChildBff(dataDir);
      try {
        const done = await endOf(second, job.id);
        expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
        expect(Date.parse(done.attachedAt!)).toBeGreaterThan(Date.parse(job.createdAt));
        // qemu-img reads the source's allocated bytes (the file system's, a block over 4 GiB).
        expect(done.progress.dataTotal).toBe(allocatedBytes(path(RAW)));
        expect(done.progress.dataProcessed).toBe(done.progress.dataTotal);
        await sameContent(name);
        expect(volListed(pool, name)).toBe(true);
        await expect.poll(() => existsSync(join(STATE, job.id)), { timeout: 15_000 }).toBe(false);
      } finally {
        await second.kill('SIGTERM');
        dropTarget(name);
      }
    }, 420_000);
  }

  test('the agent’s SSH link killed mid raw→qcow2 clone: the same BFF re-attaches, it succeeds', async () => {
    const name = 'durable ssh-kill.qcow2';
    const bff = await startChildBff(dataDir);
    try {
      const job = await toQcow2(bff, name);
      await midway(bff, job.id);
      const attachedBefore = (await getJob(bff, job.id)).attachedAt;
      const sshd = sshdServing(bff.pid, 'poolwatch-agent', sshPort);
      expect(sshd.length).toBeGreaterThan(0);
      for (const pid of sshd) process.kill(pid, 'SIGKILL');
      expect(existsSync(stateFile(job.id, 'exit'))).toBe(false);
      const done = await endOf(bff, job.id);
      expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
      expect(done.attachedAt).not.toBe(attachedBefore); // re-attached over a new link
      await sameContent(name);
    } finally {
      await bff.kill('SIGTERM');
      dropTarget(name);
    }
  }, 420_000);

  test('SIGKILL mid nnsa wipe: scrub goes on, the same job id succeeds, the volume ends zeroed', async () => {
    const first = await startChildBff(dataDir);
    let job: Job;
    try {
      job = await postJob(first, apiPaths.volumeWipe(H, pool.name, SCRUB_ME), {
        algorithm: 'nnsa',
      });
      await midway(first, job.id);
    } finally {
      await first.kill('SIGKILL');
    }
    expect(existsSync(stateFile(job.id, 'exit'))).toBe(false);
    const second = await startChildBff(dataDir);
    try {
      const done = await endOf(second, job.id);
      expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
      expect(done.progress.dataProcessed).toBe(done.progress.dataTotal);
      expect(done.progress.dataTotal).toBe(4 * GiB); // 4 passes × 1 GiB
      // nnsa's last pass writes zeros (then verifies them), and scrub signs the file at its
      // start: cmp exits 0 only if everything after the signature is zero.
      expect(head(path(SCRUB_ME), SIGNATURE.length)).toBe(SIGNATURE);
      const rest = String(GiB - SIGNATURE.length);
      await sh(
        'cmp',
        '-i',
        String(SIGNATURE.length),
        '-n',
        rest,
        '--',
        path(SCRUB_ME),
        '/dev/zero',
      );
    } finally {
      await second.kill('SIGTERM');
    }
  }, 420_000);

  test('cancel after re-attach: qemu-img stops, no partial target', async () => {
    const name = 'durable cancelled.qcow2';
    const first = await startChildBff(dataDir);
    let job: Job;
    let child: number;
    try {
      job = await toQcow2(first, name);
      await midway(first, job.id);
      // Held still (SIGSTOP) so the copy cannot finish before the cancel: the test is about
      // a cancel that reaches work in flight. SIGTERM stays pending until SIGCONT.
      child = recorded(job.id, 'child');
      process.kill(child, 'SIGSTOP');
    } finally {
      await first.kill('SIGKILL');
    }
    const second = await startChildBff(dataDir);
    try {
      await expect
        .poll(async () => (await getJob(second, job.id)).attachedAt !== job.attachedAt, {
          timeout: 60_000,
        })
        .toBe(true);
      expect(existsSync(stateFile(job.id, 'exit'))).toBe(false);
      const reply = await second.api<Job>('POST', apiPaths.jobCancel(job.id));
      expect(reply.status, JSON.stringify(reply.body)).toBe(202);
      process.kill(child, 'SIGCONT');
      const done = await endOf(second, job.id);
      expect(done.state).toBe('cancelled');
      expect(alive(child)).toBe(false);
      expect(volListed(pool, name)).toBe(false);
      expect(existsSync(path(name))).toBe(false);
    } finally {
      await second.kill('SIGTERM');
      dropTarget(name);
    }
  }, 420_000);

  for (const victim of ['child', 'pid'] as const) {
    const who = victim === 'child' ? 'libvirt’s qemu-img' : 'the detached virsh';
    test(`${who} killed by someone else: the job fails with libvirt's reason, no target left`, async () => {
      const name = `durable killed ${victim}.qcow2`;
      const bff = await startChildBff(dataDir);
      try {
        const job = await toQcow2(bff, name);
        await midway(bff, job.id);
        const qemuImg = recorded(job.id, 'child');
        process.kill(recorded(job.id, victim), 'SIGKILL');
        const done = await endOf(bff, job.id);
        expect(done.state).toBe('failed');
        expect(done.error?.id).toBe('libvirt_error');
        // libvirt's own words when its qemu-img dies; virsh killed has no words of its own.
        if (victim === 'child') expect(done.error?.message).toMatch(/qemu-img|signal|Child/i);
        else expect(done.error?.message).toMatch(/virsh exited 137/);
        expect(alive(qemuImg)).toBe(false); // a virsh killed does not leave qemu-img working
        expect(volListed(pool, name)).toBe(false);
        expect(existsSync(path(name))).toBe(false);
        console.info(`[durable libvirt] ${who} killed: ${done.error?.message}`);
      } finally {
        await bff.kill('SIGTERM');
        dropTarget(name);
      }
    }, 420_000);
  }
});
