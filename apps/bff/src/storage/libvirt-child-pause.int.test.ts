import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import {
  childScene,
  getJob,
  jobCall,
  jobEnd,
  postJob,
  type ChildScene,
  untilAccepted,
  untilReattached,
} from '../test-support/child-jobs.js';
import { GiB, sh, sleep, volListed, writeRandomFile } from '../test-support/jobs.js';

/**
 * Pause, resume and limits of libvirt's own children (issue 11): the qemu-img convert of a
 * raw→qcow2 clone and the scrub of an nnsa wipe are libvirtd's children, moved into the
 * job's cgroups by the host agent once found. Ground truth is the host's: the child's
 * /proc/<pid>/io counters, its threads' /proc cgroup lines, the cgroup directories, and
 * the volume's content (qemu-img compare, cmp against /dev/zero), never Poolwatch's report.
 */
const H = 'sandbox';
const RAW = 'child pause source.raw'; // 4 GiB of random bytes: mid-flight even when idle
const SCRUB_ME = 'child pause nnsa.raw'; // 1 GiB, fully allocated: nnsa = 4 passes
const STATE = '/run/poolwatch/jobs';
const CGROUPS = ['/sys/fs/cgroup/freezer/poolwatch', '/sys/fs/cgroup/blkio/poolwatch'];
const MiB = 1024 * 1024;
/** What scrub(1) writes at the start of a file it scrubbed (without -S). */
const SIGNATURE_LENGTH = '\x01\x02\x03SCRUBBED!'.length;

const mibs = (bps: number) => `${(bps / MiB).toFixed(1)} MiB/s`;
const childPid = (id: string) => Number(readFileSync(join(STATE, id, 'child'), 'utf8').trim());
/** The host's own counters of libvirt's child (rchar, wchar). */
function childIo(pid: number): { rchar: number; wchar: number } {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(io)![1]);
  return { rchar: field('rchar'), wchar: field('wchar') };
}
/** Every thread of the child is in the job's freezer group (the kernel's own /proc lines). */
const threadsFrozenIn = (pid: number, id: string) =>
  readdirSync(`/proc/${pid}/task`).every((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/cgroup`, 'utf8').includes(`freezer:/poolwatch/${id}\n`),
  );

describe('pause and limits of libvirt children (qemu-img, scrub)', () => {
  let scene: ChildScene;
  const path = (name: string) => scene.path(name);

  beforeAll(async () => {
    scene = await childScene('child-pause', async (path) => {
      await writeRandomFile(path(RAW), 4 * GiB);
      await sh('fallocate', '-l', String(GiB), '--', path(SCRUB_ME));
    });
  }, 300_000);

  afterAll(() => scene?.close());

  const call = (method: string, url: string, body?: unknown) =>
    jobCall(scene.bff, method, url, body);
  const endOf = (id: string) => jobEnd(scene.bff, id, 300_000);
  const toQcow2 = (name: string) =>
    postJob(scene.bff, apiPaths.volumeClone(H, scene.pool.name, RAW), { name, format: 'qcow2' });
  const sameContent = (name: string) =>
    sh('qemu-img', 'compare', '-f', 'raw', '-F', 'qcow2', '--', path(RAW), path(name));
  /** Until the agent has moved libvirt's child into the job's cgroups and said so. */
  const held = async (id: string) => {
    await expect
      .poll(async () => (await getJob(scene.bff, id)).pausable, { timeout: 90_000, interval: 100 })
      .toBe(true);
    return getJob(scene.bff, id);
  };
  /** Bytes the child moved (read + written) over `ms`, measured from its /proc io. */
  const moved = async (pid: number, ms: number) => {
    const a = childIo(pid);
    await sleep(ms);
    const b = childIo(pid);
    return { read: b.rchar - a.rchar, written: b.wchar - a.wchar };
  };
  const cgroupsGone = (id: string) => CGROUPS.every((g) => !existsSync(join(g, id)));
  const pauseHolds = async (job: Job) => {
    const paused = await call('POST', apiPaths.jobPause(job.id));
    expect(paused.state).toBe('paused');
    expect(paused.pauseNote).toMatch(/freezer/);
    const pid = childPid(job.id);
    expect(threadsFrozenIn(pid, job.id)).toBe(true);
    expect(await moved(pid, 3000)).toEqual({ read: 0, written: 0 });
    return pid;
  };

  test('pause a raw→qcow2 clone: qemu-img moves nothing for 3 s; resume: it completes, content equal', async () => {
    const name = 'child paused.qcow2';
    const job = await toQcow2(name);
    // At submit nothing holds libvirt's child yet: the note says why.
    expect(job.pausable).toBe(false);
    expect(job.pauseNote).toMatch(/qemu-img/);
    const now = await held(job.id);
    // qemu-img convert's fds are buffered (no O_DIRECT): v1 blkio would not charge them.
    expect(now.limitable).toBe(false);
    expect(now.limitNote).toMatch(/buffered|O_DIRECT/);
    const refused = await scene.bff.api<{ error: { id: string } }>(
      'PUT',
      apiPaths.jobLimits(job.id),
      {
        bytesPerSecond: 50 * MiB,
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('job_not_limitable');
    const pid = await pauseHolds(job);
    expect((await call('POST', apiPaths.jobResume(job.id))).state).toBe('running');
    const done = await endOf(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    await sameContent(name);
    await expect.poll(() => cgroupsGone(job.id), { timeout: 15_000 }).toBe(true);
  }, 420_000);

  test('an nnsa wipe: scrub paused moves nothing for 3 s; limited to 10 MiB/s it holds; lifted it is faster; it ends zeroed', async () => {
    const job = await postJob(scene.bff, apiPaths.volumeWipe(H, scene.pool.name, SCRUB_ME), {
      algorithm: 'nnsa',
    });
    const now = await held(job.id);
    // scrub writes with O_DIRECT, which cgroup v1 blkio charges: a limit can hold.
    expect(now.limitable, now.limitNote ?? '').toBe(true);
    const pid = await pauseHolds(job);
    expect((await call('POST', apiPaths.jobResume(job.id))).state).toBe('running');
    const limited = await call('PUT', apiPaths.jobLimits(job.id), { bytesPerSecond: 10 * MiB });
    expect(limited.limits.enforcedBy).toMatch(/blkio/);
    await sleep(1000); // a write already in flight when the limit landed
    const slow = await moved(pid, 5000);
    expect(slow.written / 5).toBeLessThanOrEqual(10 * MiB * 1.1);
    expect(slow.read / 5).toBeLessThanOrEqual(10 * MiB * 1.1);
    const lifted = await call('PUT', apiPaths.jobLimits(job.id), { bytesPerSecond: null });
    expect(lifted.limits).toEqual({ bytesPerSecond: null, enforcedBy: null });
    const fast = await moved(pid, 3000);
    console.info(
      `[child limit] scrub at 10 MiB/s: ${mibs(slow.written / 5)} written, ${mibs(slow.read / 5)} read; lifted: ${mibs((fast.written + fast.read) / 3)}`,
    );
    expect((fast.written + fast.read) / 3).toBeGreaterThan(20 * MiB);
    const done = await endOf(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    // nnsa's last pass writes zeros: everything after scrub's signature is zero.
    const rest = String(GiB - SIGNATURE_LENGTH);
    await sh('cmp', '-i', String(SIGNATURE_LENGTH), '-n', rest, '--', path(SCRUB_ME), '/dev/zero');
    await expect.poll(() => cgroupsGone(job.id), { timeout: 15_000 }).toBe(true);
  }, 420_000);

  test('a paused raw→qcow2 clone survives a BFF restart and resumes after it', async () => {
    const name = 'child paused restart.qcow2';
    const job = await toQcow2(name);
    await held(job.id);
    const pid = await pauseHolds(job);
    await scene.restart('SIGTERM');
    await untilReattached(scene.bff, job);
    const after = await getJob(scene.bff, job.id);
    expect(after.state).toBe('paused');
    expect(after.pausable).toBe(true);
    expect(await moved(pid, 3000)).toEqual({ read: 0, written: 0 });
    await untilAccepted(scene.bff, apiPaths.jobResume(job.id));
    const done = await endOf(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    await sameContent(name);
    expect(volListed(scene.pool, name)).toBe(true);
    await expect.poll(() => cgroupsGone(job.id), { timeout: 15_000 }).toBe(true);
  }, 420_000);

  test('qemu-img started while no BFF watched: the restarted BFF holds it, pauses it, cancels it paused', async () => {
    const name = 'child unheld restart.qcow2';
    const job = await toQcow2(name);
    await held(job.id);
    const pid = childPid(job.id);
    await scene.restart('SIGKILL', () => {
      // The state of a child started while no agent watched: outside the job's groups, not
      // recorded as held (the root groups take it back: the kernel's files, not ours).
      for (const root of CGROUPS.map((g) => g.replace(/\/poolwatch$/, '')))
        writeFileSync(join(root, 'cgroup.procs'), `${pid}\n`);
      rmSync(join(STATE, job.id, 'held'));
      expect(threadsFrozenIn(pid, job.id)).toBe(false);
    });
    await untilAccepted(scene.bff, apiPaths.jobPause(job.id));
    expect(threadsFrozenIn(pid, job.id)).toBe(true);
    expect(await moved(pid, 3000)).toEqual({ read: 0, written: 0 });
    // Cancel of a paused child thaws it first (a frozen task takes no SIGTERM).
    await call('POST', apiPaths.jobCancel(job.id));
    const done = await endOf(job.id);
    expect(done.state).toBe('cancelled');
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(volListed(scene.pool, name)).toBe(false);
    expect(existsSync(path(name))).toBe(false);
    await expect.poll(() => cgroupsGone(job.id), { timeout: 15_000 }).toBe(true);
  }, 420_000);
});
