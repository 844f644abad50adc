/**
 * Jobs through the API. `request` is Playwright's fixture: it carries the admin's cookie from
 * the storageState globalSetup saved; mutations add the session's CSRF token (csrfHeaders).
 */
import { expect, type APIRequestContext } from '@playwright/test';
import { isActiveJobState, routes, type Job, type JobKind } from '@poolwatch/shared';
import { api, send } from './api.js';
import { csrfHeaders } from './auth.js';

export function listJobs(request: APIRequestContext): Promise<Job[]> {
  return api(request, routes.jobs, { query: { limit: 200 } });
}

export function getJob(request: APIRequestContext, id: string): Promise<Job> {
  return api(request, routes.job, { params: { id } });
}

/** The one job of this kind on this volume (source or target), as soon as it exists. */
export async function findJob(
  request: APIRequestContext,
  kind: JobKind,
  pool: string,
  volume: string,
  /** Only jobs created since then (epoch ms): earlier tests may have used the same volume. */
  since = 0,
  timeoutMs = 15_000,
): Promise<Job> {
  let hits: Job[] = [];
  await expect
    .poll(
      async () => {
        hits = (await listJobs(request)).filter(
          (j) =>
            j.kind === kind &&
            Date.parse(j.createdAt) >= since &&
            ((j.target.pool === pool && j.target.volume === volume) ||
              ((j.target.targetPool ?? j.target.pool) === pool &&
                j.target.targetVolume === volume)),
        );
        return hits.length;
      },
      { message: `exactly one ${kind} job on ${pool}/${volume}`, timeout: timeoutMs },
    )
    .toBe(1);
  return hits[0]!;
}

/** Waits for the job to leave queued/running/cancelling and returns it. */
export async function waitJobEnd(request: APIRequestContext, id: string, timeoutMs = 60_000) {
  let job: Job | undefined;
  await expect
    .poll(async () => (job = await getJob(request, id)).state, {
      message: `job ${id} ends`,
      timeout: timeoutMs,
    })
    .not.toMatch(/^(queued|running|cancelling)$/);
  return job!;
}

/** Cleanup after a failed test: cancels what still runs on these pools and waits for it. */
export async function settleJobsOn(request: APIRequestContext, pools: string[]): Promise<void> {
  const mine = (j: Job) =>
    pools.includes(j.target.pool) || pools.includes(j.target.targetPool ?? '');
  const active = (await listJobs(request)).filter((j) => mine(j) && isActiveJobState(j.state));
  const headers = active.length ? await csrfHeaders(request) : {};
  for (const job of active) {
    if (job.cancellable)
      await send(request, routes.jobCancel, { params: { id: job.id } }, { headers }).catch(
        () => null,
      );
    await waitJobEnd(request, job.id, 60_000).catch(() => null);
  }
}
