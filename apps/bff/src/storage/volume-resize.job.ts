import type { ResizeVolumeRequest } from '@poolwatch/shared';
import { ConflictError } from '../errors.js';
import type { JobSpec } from '../jobs/job-spec.js';
import { runMover } from './host-progress.js';
import { type HostStorage } from './host-storage.js';
import {
  OWN_PATH,
  volumeLocks,
  volumeTarget as target,
  RESERVE_SOURCE,
  type GuardOptions,
} from './volume-job-helpers.js';
import { requireUnused } from './in-use-guard.js';
import { planResize } from './planners/resize.planner.js';
import { volResize } from '../libvirt/storage-verbs.js';

/** Resize as a JobSpec: Poolwatch reserves a grown range first, then libvirt sets the capacity. */
export async function resizeVolumeJob(
  storage: HostStorage,
  poolName: string,
  name: string,
  req: ResizeVolumeRequest,
  { force = false }: GuardOptions = {},
): Promise<JobSpec> {
  const pool = await storage.runningPool(poolName);
  const volume = await storage.measuredVolume(poolName, name);
  if (req.capacity < volume.capacity && !req.shrink) {
    throw new ConflictError(
      'conflict',
      `the new capacity is smaller than ${volume.capacity} bytes: set shrink to confirm`,
    );
  }
  // Shrinking cuts off what an overlay or a domain may still read; growing harms nobody.
  if (req.capacity < volume.capacity)
    await requireUnused(storage, poolName, volume, 'shrink', force);
  const grow = req.capacity - volume.capacity;
  if (req.allocate) await storage.requireSpace(pool, grow, `allocating ${grow} more bytes`);
  const plan = planResize({
    ...(await storage.facts(pool)),
    format: volume.format ?? 'raw',
    allocate: Boolean(req.allocate),
    grow,
  });
  const resizeArgv = (allocate: boolean) =>
    volResize({ pool: pool.uuid, name, capacity: req.capacity, allocate, shrink: req.shrink });
  const resize = (allocate: boolean) => storage.virsh(resizeArgv(allocate));
  const base = {
    hostId: storage.hostId,
    bandwidth: req.bandwidth ?? null,
    kind: 'volume.resize' as const,
    target: target(poolName, name),
    params: {
      kind: 'volume.resize' as const,
      ...req,
      from: volume.capacity,
      ...(force ? { force } : {}),
    },
    locks: volumeLocks(storage.hostId, poolName, name, 'write'),
  };
  if (plan.executor === 'poolwatch-mover') {
    return {
      ...base,
      ...OWN_PATH,
      cancelNote: plan.cancelNote,
      run: async (ctx) => {
        try {
          const range = [volume.path, String(volume.capacity), String(grow)];
          // A BFF that re-attaches after a restart still sets the capacity (resizeArgv).
          await runMover(storage, ctx, 'allocate', range, RESERVE_SOURCE, [[...resizeArgv(false)]]);
          await resize(false);
        } finally {
          await storage.refreshInventory();
        }
      },
    };
  }
  return {
    ...base,
    movesBytes: Boolean(req.allocate),
    cancellable: plan.cancellable,
    cancelNote: plan.cancelNote,
    source: plan.source,
    run: async () => {
      try {
        await resize(Boolean(req.allocate));
      } finally {
        await storage.refreshInventory();
      }
    },
  };
}
