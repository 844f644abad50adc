import { JobProgressEventSchema, JobSchema, isActiveJobState, type Job } from '@poolwatch/shared';
import type { QueryClient } from '@tanstack/react-query';
import { jobKeys, sortJobs } from '../api/jobs';
import { queryKeys } from '../api/queries';

/**
 * `job:*` events land in the one `['jobs']` list. Events may arrive out of order (a progress
 * tick overtaking a state change, a refetch answer older than an event): every job carries a
 * `seq` that grows with each change, and the copy with the highest seq wins.
 */

/** `job:updated`: the whole job, inserted or replacing an older copy. */
export function applyJobUpdated(queryClient: QueryClient, payload: unknown): Promise<void> {
  const parsed = JobSchema.safeParse(payload);
  if (!parsed.success) return invalidateJobs(queryClient);
  const job = parsed.data;
  const jobs = queryClient.getQueryData<Job[]>(jobKeys.all());
  if (!jobs) return invalidateJobs(queryClient);

  const previous = jobs.find((j) => j.id === job.id);
  if (previous && previous.seq >= job.seq) return Promise.resolve();
  const next = previous ? jobs.map((j) => (j.id === job.id ? job : j)) : sortJobs([job, ...jobs]);
  queryClient.setQueryData<Job[]>(jobKeys.all(), next);

  // A finished job changed the pool: inventory:changed says so too, but it is only a hint.
  if (!isActiveJobState(job.state) && (!previous || isActiveJobState(previous.state))) {
    return refreshTargets(queryClient, job);
  }
  return Promise.resolve();
}

/** `job:progress`: merged into the cached job only when newer than what we have. */
export function applyJobProgress(queryClient: QueryClient, payload: unknown): Promise<void> {
  const parsed = JobProgressEventSchema.safeParse(payload);
  if (!parsed.success) return Promise.resolve();
  const event = parsed.data;
  const jobs = queryClient.getQueryData<Job[]>(jobKeys.all());
  const job = jobs?.find((j) => j.id === event.id);
  // A job we never heard of: we missed its job:updated, fetch the list again.
  if (!jobs || !job) return invalidateJobs(queryClient);
  if (event.seq <= job.seq) return Promise.resolve();
  queryClient.setQueryData<Job[]>(
    jobKeys.all(),
    jobs.map((j) => (j.id === event.id ? { ...j, seq: event.seq, progress: event.progress } : j)),
  );
  return Promise.resolve();
}

function invalidateJobs(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries(
    { queryKey: jobKeys.all(), exact: true },
    { cancelRefetch: false },
  );
}

function refreshTargets(queryClient: QueryClient, job: Job): Promise<void> {
  const { hostId, target } = job;
  const pools = new Set([target.pool, target.targetPool].filter((p): p is string => !!p));
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.pools(hostId), exact: true }),
    ...[...pools].map((pool) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.pool(hostId, pool) }),
    ),
  ]).then(() => undefined);
}
