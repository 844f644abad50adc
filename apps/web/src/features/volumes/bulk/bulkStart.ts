import type { Job, Volume, VolumeUser } from '@poolwatch/shared';
import { usersOf } from '../VolumeUsers';

/** What happened to one volume of a bulk action. */
export type BulkOutcome =
  { name: string; started: true; job: Job } | { name: string; started: false; error: unknown };

/**
 * Starts one job per volume (each its own request: the BFF checks, locks and queues every
 * volume on its own, so one refusal never stops the others). A volume known to be in use is
 * sent with force, since the one confirmation named its users. Requests go out together; the
 * outcomes come back in the order of `volumes`.
 */
export async function startEach(
  volumes: readonly Volume[],
  start: (volume: Volume, force: boolean) => Promise<Job>,
  usersKnown: (volume: Volume) => VolumeUser[],
): Promise<BulkOutcome[]> {
  const settled = await Promise.allSettled(
    volumes.map((volume) => start(volume, usersKnown(volume).length > 0)),
  );
  return settled.map((result, i) => {
    const name = volumes[i]!.name;
    return result.status === 'fulfilled'
      ? { name, started: true, job: result.value }
      : { name, started: false, error: result.reason };
  });
}

/**
 * The users of each volume as last known: a refusal's `in_use` answer (fresher than the list)
 * replaces the list's, so a retry names and forces what the server found.
 */
export function knownUsers(failures: ReadonlyMap<string, unknown>) {
  return (volume: Volume): VolumeUser[] => usersOf(volume, failures.get(volume.name));
}
