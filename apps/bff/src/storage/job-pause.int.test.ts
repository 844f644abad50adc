import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type AuditPage } from '@poolwatch/shared';
import {
  childScene,
  getJob,
  jobCall,
  jobEnd,
  type ChildScene,
  untilAccepted,
  untilReattached,
} from '../test-support/child-jobs.js';
import { GiB, sha256, sleep, writeRandomFile } from '../test-support/jobs.js';
import { sandboxHost } from '../test-support/sandbox.js';

/**
 * Pause, resume and live limits of Poolwatch's own movers (issue 11) on the real host:
 * ground truth is the kernel's file position of the detached dd's output fd
 * (/proc/<pid>/fdinfo/1) and the job's blkio cgroup, never Poolwatch's own report.
 */
const H = 'sandbox';
const RAW = 'pause source.raw'; // 3 GiB of random bytes
const STATE = '/run/poolwatch/jobs';
const MiB = 1024 * 1024;
const BLKIO = '/sys/fs/cgroup/blkio/poolwatch';

describe('pause, resume and limits of own-path movers', () => {
  let scene: ChildScene;
  let sourceSha: string;
  const path = (name: string) => scene.path(name);

  beforeAll(async () => {
    scene = await childScene('pause', async (path) => {
      await writeRandomFile(path(RAW), 3 * GiB);
      sourceSha = await sha256(path(RAW));
    });
  }, 240_000);

  afterAll(() => scene?.close());

  const call = (method: string, url: string, body?: unknown) =>
    jobCall(scene.bff, method, url, body);
  const get = (id: string) => getJob(scene.bff, id);
  const clone = (name: string, extra: Record<string, unknown> = {}) =>
    call('POST', apiPaths.volumeClone(H, scene.pool.name, RAW), { name, format: 'raw', ...extra });
  const workerPid = (id: string) => Number(readFileSync(join(STATE, id, 'pid'), 'utf8').trim());
  /** The host's own figure: bytes dd has written (its fd 1 position). */
  const hostPos = (id: string) => {
    const info = readFileSync(`/proc/${workerPid(id)}/fdinfo/1`, 'utf8');
    return Number(/^pos:\s*(\d+)/m.exec(info)![1]);
  };
  /** Host-measured bytes per second over `ms` (a measuring window, not a wait for state). */
  const hostRate = async (id: string, ms: number) => {
    const a = hostPos(id);
    const t0 = performance.now();
    await sleep(ms);
    return ((hostPos(id) - a) / (performance.now() - t0)) * 1000;
  };
  /** dd runs on the host and this BFF follows it (attachedAt is set as its controls register). */
  const running = async (id: string) =>
    expect
      .poll(
        async () => {
          const job = await get(id);
          return (
            job.state === 'running' && job.attachedAt !== null && existsSync(join(STATE, id, 'pid'))
          );
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe(true);
  const endOf = (id: string) => jobEnd(scene.bff, id, 240_000);

  test('pause a 3 GiB raw→raw clone: dd writes nothing for 3 s; resume: it completes, content right', async () => {
    const name = 'paused clone.img';
    const job = await clone(name);
    expect(job.pausable).toBe(true);
    await running(job.id);
    const paused = await call('POST', apiPaths.jobPause(job.id));
    expect(paused.state).toBe('paused');
    expect(paused.pauseNote).toMatch(/freezer|SIGSTOP/);
    expect(paused.progress.timeRemaining).toBeNull();
    expect(await hostRate(job.id, 3000)).toBe(0);
    expect(readFileSync(`/proc/${workerPid(job.id)}/status`, 'utf8')).toMatch(/State:\s+[DST]/);
    const resumed = await call('POST', apiPaths.jobResume(job.id));
    expect(resumed.state).toBe('running');
    const done = await endOf(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    expect(await sha256(path(name))).toBe(sourceSha);
    const timeline = (
      await scene.bff.api<{ events: { type: string; by: string | null }[] }>(
        'GET',
        apiPaths.jobTimeline(job.id),
      )
    ).body;
    expect(timeline.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['paused', 'resumed']),
    );
    const audit = await scene.bff.api<AuditPage>('GET', `${apiPaths.audit()}?action=job.`);
    const changes = audit.body.entries
      .filter((e) => e.jobId === job.id && e.action !== 'job.cancel')
      .map((e) => [e.action, e.params?.state]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['job.pause', { from: 'running', to: 'paused' }],
        ['job.resume', { from: 'paused', to: 'running' }],
      ]),
    );
    // Its cgroups are gone with it.
    expect(existsSync(join(BLKIO, job.id))).toBe(false);
  }, 300_000);

  test('a limit at submit holds from the first byte; raised live the rate rises; null lifts it', async () => {
    const job = await clone('limited clone.img', { bandwidth: 50 * MiB });
    expect(job.limits.bytesPerSecond).toBe(50 * MiB);
    await running(job.id);
    const t0 = performance.now();
    const first = hostPos(job.id);
    // From the first byte: what dd wrote since it started fits the limit (plus one 4 MiB block).
    const startedAt = Date.parse((await get(job.id)).startedAt!);
    const since = (Date.now() - startedAt) / 1000 + (performance.now() - t0) / 1000;
    expect(first).toBeLessThanOrEqual(50 * MiB * 1.1 * since + 8 * MiB);
    const limited = await hostRate(job.id, 5000);
    expect(limited).toBeLessThanOrEqual(50 * MiB * 1.1);
    expect((await get(job.id)).limits.enforcedBy).toMatch(/blkio|io\.max/);
    const raised = await call('PUT', apiPaths.jobLimits(job.id), { bytesPerSecond: 200 * MiB });
    expect(raised.limits.bytesPerSecond).toBe(200 * MiB);
    const faster = await hostRate(job.id, 3000);
    expect(faster).toBeGreaterThan(limited * 1.5);
    expect(faster).toBeLessThanOrEqual(200 * MiB * 1.1);
    const lifted = await call('PUT', apiPaths.jobLimits(job.id), { bytesPerSecond: null });
    expect(lifted.limits).toEqual({ bytesPerSecond: null, enforcedBy: null });
    // The kernel holds no throttle for the job any more.
    const throttle = readFileSync(join(BLKIO, job.id, 'blkio.throttle.write_bps_device'), 'utf8');
    expect(throttle.trim()).toBe('');
    const done = await endOf(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    expect(await sha256(path('limited clone.img'))).toBe(sourceSha);
  }, 300_000);

  test('a paused job survives a BFF restart and resumes after it', async () => {
    const name = 'paused restart.img';
    const job = await clone(name);
    await running(job.id);
    await call('POST', apiPaths.jobPause(job.id));
    await scene.restart('SIGTERM');
    await untilReattached(scene.bff, job);
    expect((await get(job.id)).state).toBe('paused');
    expect(await hostRate(job.id, 3000)).toBe(0);
    await untilAccepted(scene.bff, apiPaths.jobResume(job.id));
    const done = await endOf(job.id);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    expect(await sha256(path(name))).toBe(sourceSha);
  }, 300_000);

  test('cancel of a paused job ends it; a limit at submit of a libvirt-path clone is a 409 with the reason', async () => {
    const job = await clone('paused cancel.img');
    await running(job.id);
    await call('POST', apiPaths.jobPause(job.id));
    await call('POST', apiPaths.jobCancel(job.id));
    expect((await endOf(job.id)).state).toBe('cancelled');
    expect(existsSync(path('paused cancel.img'))).toBe(false);

    // libvirt's qemu-img is pausable once the agent holds it (libvirt-child-pause.int.test.ts),
    // never limitable: its I/O is buffered, which cgroup v1 blkio does not charge.
    const limited = await scene.bff.api<{ error: { id: string } }>(
      'POST',
      apiPaths.volumeClone(H, scene.pool.name, RAW),
      { name: 'never.qcow2', format: 'qcow2', bandwidth: 50 * MiB },
    );
    expect(limited.status).toBe(409);
    expect(limited.body.error.id).toBe('job_not_limitable');
  }, 300_000);

  test('config defaults: a host default limits a job that asks none; a pool override below it wins', async () => {
    const restartWith = async (extra: Record<string, unknown>) => {
      const { id, uri, keyFile, knownHostsFile } = sandboxHost;
      const host = { id, uri, keyFile, knownHostsFile, ...extra };
      await scene.restart('SIGTERM', undefined, { POOLWATCH_HOSTS: JSON.stringify([host]) });
    };
    /** Host-measured: held to the limit, from the first byte; raised live it runs faster. */
    const heldTo = async (id: string, limit: number) => {
      await running(id);
      const startedAt = Date.parse((await get(id)).startedAt!);
      expect(hostPos(id)).toBeLessThanOrEqual(
        limit * 1.1 * ((Date.now() - startedAt) / 1000) + 8 * MiB,
      );
      const held = await hostRate(id, 5000);
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThanOrEqual(limit * 1.1);
      // Raised, not lifted: unlimited, the rest of 3 GiB could end inside the window.
      await call('PUT', apiPaths.jobLimits(id), { bytesPerSecond: limit * 4 });
      expect(await hostRate(id, 3000)).toBeGreaterThan(held * 1.5);
      // The audit row says who and old → new.
      await expect
        .poll(async () => {
          const page = await scene.bff.api<AuditPage>(
            'GET',
            `${apiPaths.audit()}?action=job.limits`,
          );
          return page.body.entries.find((e) => e.jobId === id);
        })
        .toMatchObject({
          actor: 'admin',
          outcome: 'ok',
          params: { bytesPerSecond: { from: limit, to: limit * 4 } },
        });
      await call('POST', apiPaths.jobCancel(id));
      expect((await endOf(id)).state).toBe('cancelled');
    };

    await restartWith({ defaultBandwidth: 40 * MiB });
    const byHost = await clone('host default.img');
    expect(byHost.limits.bytesPerSecond).toBe(40 * MiB);
    await heldTo(byHost.id, 40 * MiB);
    // A path nothing can limit is not refused because of a default: it runs unlimited.
    const qcow = await clone('default qcow.qcow2', { format: 'qcow2' });
    expect(qcow.limits.bytesPerSecond).toBeNull();
    await endOf(qcow.id);

    await restartWith({
      defaultBandwidth: 80 * MiB,
      pools: { [scene.pool.name]: { defaultBandwidth: 30 * MiB } },
    });
    const byPool = await clone('pool default.img', { bandwidth: 60 * MiB });
    expect(byPool.limits.bytesPerSecond).toBe(30 * MiB);
    await heldTo(byPool.id, 30 * MiB);
  }, 300_000);
});
