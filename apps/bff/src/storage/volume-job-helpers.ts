import type { PoolDetail } from '@poolwatch/shared';
import { ConflictError } from '../errors.js';
import { lockKeys, type JobContext, type JobLock } from '../jobs/job-spec.js';
import type { HostStorage } from './host-storage.js';

/** Pieces every volume job shares: locks, target, free-name check, cleanup of what it made. */

export const vol = (pool: string, name: string) =>
  `volume ${JSON.stringify(name)} in pool ${JSON.stringify(pool)}`;

export function volumeLocks(
  hostId: string,
  pool: string,
  name: string,
  mode: 'read' | 'write',
): JobLock[] {
  return [
    { key: lockKeys.pool(hostId, pool), mode: 'read', label: `pool ${JSON.stringify(pool)}` },
    { key: lockKeys.volume(hostId, pool, name), mode, label: vol(pool, name) },
  ];
}

export const volumeTarget = (
  pool: string,
  volume: string | null,
  targetPool?: string,
  targetVolume?: string,
) => ({
  pool,
  volume,
  targetPool: targetPool ?? null,
  targetVolume: targetVolume ?? null,
});

export async function requireFreeName(
  storage: HostStorage,
  pool: string,
  name: string,
): Promise<void> {
  if ((await storage.volumeOrNull(pool, name)) !== null) {
    throw new ConflictError('conflict', `${vol(pool, name)} already exists`);
  }
}

/** Deletes a volume this job created and did not finish; a cancelled job leaves nothing. */
export async function removeCreated(
  storage: HostStorage,
  ctx: JobContext,
  pool: PoolDetail,
  name: string,
) {
  try {
    await storage.virsh(['vol-delete', '--pool', pool.uuid, '--', name]);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) {
      ctx.logger.error(
        { err: (error as Error).message, name },
        'could not remove a partial volume',
      );
      throw error;
    }
  }
}

/** Runs `work` on a volume the job created; on failure or cancel the volume is deleted. */
export async function ownTarget(
  storage: HostStorage,
  ctx: JobContext,
  pool: PoolDetail,
  name: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    await removeCreated(storage, ctx, pool, name);
    throw error;
  } finally {
    await storage.refreshInventory();
  }
}
