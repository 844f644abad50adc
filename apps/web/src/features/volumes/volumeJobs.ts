import { isActiveJobState, type Job, type JobKind } from '@poolwatch/shared';

/** Jobs that make a volume under target.targetPool/targetVolume (or this pool). */
const CREATING: ReadonlySet<JobKind> = new Set(['volume.create', 'volume.clone', 'volume.upload']);

/**
 * The active job on each volume of one pool, by volume name. A job matches its source
 * (hostId + target.pool + target.volume) and, for kinds that make a new volume, its target
 * (targetPool, or the same pool, + targetVolume): the new row shows the clone's progress.
 */
export function activeJobsByVolume(
  jobs: readonly Job[],
  hostId: string,
  pool: string,
): Map<string, Job> {
  const map = new Map<string, Job>();
  // Oldest first, so that the newest job on a volume wins.
  for (const job of [...jobs].reverse()) {
    if (job.hostId !== hostId || !isActiveJobState(job.state)) continue;
    const { target } = job;
    if (target.pool === pool && target.volume !== null) map.set(target.volume, job);
    if (CREATING.has(job.kind) && target.targetVolume !== null) {
      if ((target.targetPool ?? target.pool) === pool) map.set(target.targetVolume, job);
    }
  }
  return map;
}
