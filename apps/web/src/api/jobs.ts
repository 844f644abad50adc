import { isActiveJobState, routes, type Job } from '@poolwatch/shared';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { callApi } from './http';

/** How many finished jobs the history shows. */
export const HISTORY_LIMIT = 50;

export const jobKeys = {
  /** Every job we know: active ones and the recent history, one list patched by events. */
  all: () => ['jobs'] as const,
  wipeAlgorithms: (hostId: string, pool: string) =>
    ['hosts', hostId, 'pools', pool, 'wipe-algorithms'] as const,
};

const listJobs = (state: 'active' | 'finished', limit: number, signal: AbortSignal) =>
  callApi(routes.jobs, { query: { state, limit } }, { signal });

/**
 * A job created while the list was being fetched may be missing from the answer though its
 * `job:updated` event is already cached: keep such recent ones instead of dropping them.
 */
const RECENT_MS = 60_000;

/** The fetched list, with any cached copy that is newer (higher seq) kept instead. */
export function mergeFetchedJobs(
  fetched: readonly Job[],
  cached: readonly Job[] | undefined,
  fetchStartedAt: number,
): Job[] {
  const byId = new Map(cached?.map((job) => [job.id, job]));
  const merged = fetched.map((job) => {
    const mine = byId.get(job.id);
    return mine && mine.seq > job.seq ? mine : job;
  });
  const seen = new Set(fetched.map((job) => job.id));
  for (const job of cached ?? []) {
    if (seen.has(job.id) || !isActiveJobState(job.state)) continue;
    if (Date.parse(job.createdAt) >= fetchStartedAt - RECENT_MS) merged.push(job);
  }
  return sortJobs(merged);
}

/** Newest first, like the API. */
export function sortJobs(jobs: Job[]): Job[] {
  return jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export const jobsQuery = () =>
  queryOptions({
    queryKey: jobKeys.all(),
    queryFn: async ({ signal, client }: { signal: AbortSignal; client: QueryClient }) => {
      const startedAt = Date.now();
      const [active, finished] = await Promise.all([
        listJobs('active', 1000, signal),
        listJobs('finished', HISTORY_LIMIT, signal),
      ]);
      const cached = client.getQueryData<Job[]>(jobKeys.all());
      return mergeFetchedJobs([...active, ...finished], cached, startedAt);
    },
    // Events keep it current; a (re)connect refetches it with everything else.
    staleTime: Infinity,
  });

export const wipeAlgorithmsQuery = (hostId: string, pool: string) =>
  queryOptions({
    queryKey: jobKeys.wipeAlgorithms(hostId, pool),
    queryFn: ({ signal }) =>
      callApi(routes.wipeAlgorithms, { params: { hostId, pool } }, { signal }),
    staleTime: 60_000,
  });

export const activeJobs = (jobs: readonly Job[]): Job[] =>
  jobs.filter((job) => isActiveJobState(job.state));

/** Finished jobs, most recently ended first, at most HISTORY_LIMIT. */
export const finishedJobs = (jobs: readonly Job[]): Job[] =>
  jobs
    .filter((job) => !isActiveJobState(job.state))
    .sort((a, b) => (b.endedAt ?? b.createdAt).localeCompare(a.endedAt ?? a.createdAt))
    .slice(0, HISTORY_LIMIT);
