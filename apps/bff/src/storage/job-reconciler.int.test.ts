import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import {
  liveMatches,
  recordedHandles,
  startChildBff,
  type ChildBff,
} from '../test-support/bff-child.js';
import { postJob } from '../test-support/child-jobs.js';
import { GiB, sh, volListed, writeRandomFile } from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * A job whose host-side work is truly gone leaves nothing behind unannounced: the real BFF
 * (src/main.ts) runs as a child process; the test stops it by its PID mid raw→qcow2 clone
 * (libvirt's qemu-img) and nnsa wipe (libvirt's scrub), both detached under the host agent,
 * then does what a host reboot does to that work (its processes killed, /run cleared: the
 * job's process group and libvirt's child SIGKILLed, its state directory removed), starts
 * the BFF again on the same data dir, and checks the ground truth: /proc holds no process
 * matching what the job recorded, `virsh vol-list` and the pool directory hold no partial
 * target, and the job is `interrupted` saying what was cleaned. (Work that is still there
 * is re-attached instead: durable-jobs.int.test.ts, durable-libvirt-jobs.int.test.ts.)
 */
const H = 'sandbox';
const RAW = 'reconcile source.raw'; // 2 GiB of random bytes
const SCRUB_ME = 'reconcile nnsa.raw'; // 2 GiB, fully allocated: 4 passes take a while

interface Case {
  what: string;
  submit: (bff: ChildBff, name: string) => Promise<Job>;
  /** The volume the job creates (deleted by the reconciler), or null (wipe: kept). */
  target: ((name: string) => string) | null;
  /** The host process the job records (comm). */
  comm: string;
}

describe('reconciling jobs a stopped BFF left running', () => {
  let pool: TestPool;
  let dataDir: string;
  const path = (name: string) => join(pool.dir, name);

  beforeAll(async () => {
    pool = createTestPool('reconcile');
    await writeRandomFile(path(RAW), 2 * GiB);
    await sh('fallocate', '-l', String(2 * GiB), '--', path(SCRUB_ME));
    virsh('pool-refresh', '--', pool.name);
    dataDir = mkdtempSync(join(tmpdir(), 'pw-reconcile-'));
  }, 180_000);

  afterAll(() => {
    pool?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const cases: Case[] = [
    {
      what: 'raw→qcow2 clone (qemu-img)',
      submit: (bff, name) =>
        postJob(bff, apiPaths.volumeClone(H, pool.name, RAW), { name, format: 'qcow2' }),
      target: (name) => name,
      comm: 'qemu-img',
    },
    {
      what: 'nnsa wipe (scrub)',
      submit: (bff) =>
        postJob(bff, apiPaths.volumeWipe(H, pool.name, SCRUB_ME), { algorithm: 'nnsa' }),
      target: null,
      comm: 'scrub',
    },
  ];

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    for (const c of cases) {
      test(`${signal} mid ${c.what}, then its host-side work gone: nothing left, job interrupted with what was cleaned`, async () => {
        const name = `reconciled ${signal} ${c.comm}.img`;
        const first = await startChildBff(dataDir);
        let job: Job;
        try {
          job = await c.submit(first, name);
          // Midway: the host process is running and has moved bytes.
          await expect
            .poll(
              async () => {
                const now = (await first.api<Job>('GET', apiPaths.job(job.id))).body;
                return now.state === 'running' && (now.progress.dataProcessed ?? 0) > 0;
              },
              { timeout: 60_000, interval: 100 },
            )
            .toBe(true);
        } catch (error) {
          await first.kill('SIGKILL');
          throw error;
        }
        const handles = recordedHandles(dataDir, job.id);
        expect(handles.map((h) => h.kind)).toContain('host-process');
        expect(handles.find((h) => h.kind === 'host-process')).toMatchObject({ comm: c.comm });
        if (c.target) expect(handles.map((h) => h.kind)).toContain('created-volume');
        // What was recorded is what runs: the live host process matches the handle exactly
        // (qemu-img and scrub carry the volume path). Poolwatch's own dd is no longer here:
        // it runs detached and is re-attached (durable-jobs.int.test.ts).
        const written = c.target ? path(c.target(name)) : path(SCRUB_ME);
        expect(handles.find((h) => h.kind === 'host-process')).toMatchObject({
          argvEntry: written,
        });
        expect(liveMatches(handles).length).toBeGreaterThan(0);
        expect((await first.kill(signal)).signal ?? 'exited').toBeTruthy();
        // The "reboot": the detached work (wrapper + virsh, one process group) and
        // libvirt's child die without an exit status, and the tmpfs state directory goes.
        const state = join('/run/poolwatch/jobs', job.id);
        const recorded = (file: string) => Number(readFileSync(join(state, file), 'utf8'));
        const child = recorded('child');
        process.kill(-recorded('pgid'), 'SIGKILL');
        process.kill(child, 'SIGKILL');
        await expect.poll(() => existsSync(`/proc/${child}`), { timeout: 15_000 }).toBe(false);
        rmSync(state, { recursive: true, force: true });

        const second = await startChildBff(dataDir);
        try {
          let final: Job | null = null;
          await expect
            .poll(
              async () => {
                final = (await second.api<Job>('GET', apiPaths.job(job.id))).body;
                return final.cleanup?.state ?? null;
              },
              { timeout: 30_000, interval: 200 },
            )
            .toBe('done');
          const done = final!;
          expect(done.state).toBe('interrupted');
          expect(done.error?.id).toBe('job_interrupted');
          expect(done.error?.message).toContain('lost this job');
          // No orphan: nothing in /proc matches what the job recorded (exact argv).
          expect(liveMatches(handles)).toEqual([]);
          if (c.target) {
            const target = c.target(name);
            expect(done.cleanup!.cleaned.join('\n')).toContain(JSON.stringify(target));
            expect(volListed(pool, target)).toBe(false);
            expect(existsSync(path(target))).toBe(false);
          } else {
            // A wipe's volume is the user's: it stays (its passes written so far stay written).
            expect(volListed(pool, SCRUB_ME)).toBe(true);
          }
          console.info(`[reconcile] ${signal} ${c.what}: ${done.error?.message}`);
        } finally {
          await second.kill('SIGTERM');
        }
      }, 240_000);
    }
  }
});
