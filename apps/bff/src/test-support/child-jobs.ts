import { expect } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import type { ChildBff } from './bff-child.js';

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
