import type { PoolDetail } from '@poolwatch/shared';
import { ConflictError } from '../errors.js';
import { JobInterruptedError, lockKeys, type JobContext, type JobLock } from '../jobs/job-spec.js';
import { buildVolumeXml, type VolumeDefinition } from '../libvirt/builders/volume-xml.js';
import type { HostStorage } from './host-storage.js';
import { volCreate, volDelete } from '../libvirt/storage-verbs.js';

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
    await storage.virsh(volDelete({ pool: pool.uuid, name }));
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

/**
 * The shape of every job Poolwatch fills itself: libvirt creates the volume sparse (so it
 * is a real libvirt volume, with libvirt's permissions and labels), then `fill` moves the
 * bytes into its path. On failure or cancel the volume is deleted: a job that did not
 * finish leaves nothing behind. The inventory is re-read either way.
 */
export async function createThenFill(
  storage: HostStorage,
  ctx: JobContext,
  pool: PoolDetail,
  volume: VolumeDefinition,
  fill: (path: string) => Promise<void>,
): Promise<void> {
  const xml = buildVolumeXml({ ...volume, allocation: 0 });
  await storage.virshWithXml(xml, (xmlFile) => volCreate({ pool: pool.uuid, xmlFile }));
  try {
    const created = await storage.volume(pool.name, volume.name);
    // Recorded once it exists (never before: the name might then be someone else's).
    recordCreated(ctx, pool, volume.name, created.path);
    await fill(created.path);
  } catch (error) {
    await removeCreated(storage, ctx, pool, volume.name);
    if (error instanceof JobInterruptedError && error.cleaned) {
      const what = `deleted the partial target volume ${JSON.stringify(volume.name)} in pool ${JSON.stringify(pool.name)}`;
      throw new JobInterruptedError(error.message, [...error.cleaned, what]);
    }
    throw error;
  } finally {
    await storage.refreshInventory();
  }
}

/** Records a volume this job created: partial until the job succeeds (job-reconciler.ts). */
export function recordCreated(
  ctx: JobContext,
  pool: PoolDetail,
  name: string,
  path: string | null,
): void {
  ctx.record({ kind: 'created-volume', pool: pool.name, poolUuid: pool.uuid, name, path });
}

/** Poolwatch's own movers: their dd runs in cgroups of its own on the host (job-control.sh). */
export const MOVER_CONTROLS = { pausable: true, limitable: true } as const;

/**
 * libvirt's own long calls: their child (qemu-img, scrub) is libvirtd's, so pause and limit
 * are offered only once the agent has moved it into the job's cgroups (ctx.offer,
 * libvirt-child.ts childControls); until then the notes say why not.
 */
export const libvirtChildControls = (child: 'qemu-img' | 'scrub') =>
  ({
    pausable: false,
    pauseNote: `libvirt's ${child} has not started yet: pause is offered once it is in the job's cgroup`,
    limitable: false,
    limitNote: `a limit is offered only once libvirt's ${child} runs in the job's cgroup and the kernel charges its I/O there (O_DIRECT under cgroup v1)`,
  }) as const;

/** What a job on Poolwatch's own killable path says about itself before it runs. */
export const OWN_PATH = {
  movesBytes: true,
  cancellable: true,
  ...MOVER_CONTROLS,
  source: 'waiting for the host',
} as const;

/** `force`: do it even though an overlay or a domain uses the volume (see in-use-guard). */
export interface GuardOptions {
  force?: boolean;
}

export const RESERVE_SOURCE =
  'host probe: bytes reserved by fallocate (or written by dd where it cannot)';
