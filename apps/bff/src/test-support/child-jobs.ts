import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import { startChildBff, type ChildBff } from './bff-child.js';
import { createTestPool, virsh, type TestPool } from './sandbox.js';

/**
 * Job calls against a BFF running as a child process (bff-child.ts), shared by the tests
 * that kill, restart or pause it: a call that answers other than expected throws with the
 * route and the reply, and the waits poll outcomes (generous bounds, never latencies).
 */
const ACTIVE = /^(queued|running|paused|cancelling)$/;

/** A job route's Job; throws on any status of 300 or more. */
export async function jobCall(
  bff: ChildBff,
  method: string,
  url: string,
  body?: unknown,
): Promise<Job> {
  const reply = await bff.api<Job>(method, url, body);
  if (reply.status >= 300) throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** A POST that must start a job (202). */
export async function postJob(bff: ChildBff, url: string, body: unknown): Promise<Job> {
  const reply = await bff.api<Job>('POST', url, body);
  if (reply.status !== 202)
    throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function getJob(bff: ChildBff, id: string): Promise<Job> {
  return (await bff.api<Job>('GET', apiPaths.job(id))).body;
}

/** Until the job runs and has measured bytes moved. */
export async function untilMoving(bff: ChildBff, id: string, timeoutMs: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const now = await getJob(bff, id);
        return now.state === 'running' && (now.progress.dataProcessed ?? 0) > 0;
      },
      { timeout: timeoutMs, interval: 100 },
    )
    .toBe(true);
}

/** Until the job has ended (no longer queued, running, paused or cancelling); the job then. */
export async function jobEnd(bff: ChildBff, id: string, timeoutMs: number): Promise<Job> {
  let final: Job | null = null;
  await expect
    .poll(async () => (final = await getJob(bff, id)).state, { timeout: timeoutMs, interval: 200 })
    .not.toMatch(ACTIVE);
  return final!;
}

/** Until a BFF that restarted has re-attached the job (a new `attachedAt`). */
export async function untilReattached(bff: ChildBff, job: Job): Promise<void> {
  await expect
    .poll(async () => (await getJob(bff, job.id)).attachedAt !== job.attachedAt, {
      timeout: 60_000,
    })
    .toBe(true);
}

/** Until a job route answers 202: just after a re-attach its controls may not be back yet. */
export async function untilAccepted(bff: ChildBff, url: string): Promise<void> {
  await expect
    .poll(async () => (await bff.api<Job>('POST', url)).status, { timeout: 60_000, interval: 200 })
    .toBe(202);
}

/**
 * A test pool holding what `fill` writes (then refreshed), and the real BFF as a child on a
 * data dir of its own. `restart` replaces the child on the same data dir (the tests of work
 * that outlives the BFF); `close` ends the child and removes the pool and the data dir.
 */
export interface ChildScene {
  pool: TestPool;
  bff: ChildBff;
  path(name: string): string;
  /**
   * `meanwhile` runs while no BFF is up (after the kill, before the new start); `env` is
   * the new child's extra environment (another config, say).
   */
  restart(
    signal: NodeJS.Signals,
    meanwhile?: () => void,
    env?: Record<string, string>,
  ): Promise<ChildBff>;
  close(): Promise<void>;
}

export async function childScene(
  prefix: string,
  fill: (path: (name: string) => string) => Promise<void>,
): Promise<ChildScene> {
  const pool = createTestPool(prefix);
  const path = (name: string) => join(pool.dir, name);
  await fill(path);
  virsh('pool-refresh', '--', pool.name);
  const dataDir = mkdtempSync(join(tmpdir(), `pw-${prefix}-`));
  const scene: ChildScene = {
    pool,
    bff: await startChildBff(dataDir),
    path,
    async restart(signal, meanwhile, env) {
      await scene.bff.kill(signal);
      meanwhile?.();
      return (scene.bff = await startChildBff(dataDir, env));
    },
    async close() {
      await scene.bff.kill('SIGTERM');
      pool.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return scene;
}
