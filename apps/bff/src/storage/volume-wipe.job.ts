import type { WipeVolumeRequest } from '@poolwatch/shared';
import { UnsupportedError } from '../errors.js';
import type { JobSpec } from '../jobs/job-spec.js';
import { runLibvirtCallDetached } from './detached-work.js';
import { runMover, runProbed, settleVirsh } from './host-progress.js';
import { physicalBytes, type HostStorage } from './host-storage.js';
import {
  OWN_PATH,
  volumeLocks,
  volumeTarget as target,
  type GuardOptions,
} from './volume-job-helpers.js';
import { WIPE_PASSES, wipeAlgorithmsFor } from './wipe-algorithms.js';
import { requireUnused } from './in-use-guard.js';

/** Wipe as a JobSpec: which path each algorithm takes is in ARCHITECTURE.md. */
export async function wipeVolumeJob(
  storage: HostStorage,
  poolName: string,
  name: string,
  req: WipeVolumeRequest,
  { force = false }: GuardOptions = {},
): Promise<JobSpec> {
  const pool = await storage.runningPool(poolName);
  const volume = await storage.measuredVolume(poolName, name);
  await requireUnused(storage, poolName, volume, 'wipe', force);
  const caps = await storage.caps();
  const support = wipeAlgorithmsFor(pool, caps).algorithms.find(
    (a) => a.algorithm === req.algorithm,
  );
  if (!support?.supported) throw new UnsupportedError(`wipe ${req.algorithm}: ${support?.reason}`);
  const size = physicalBytes(volume);
  const sparse = volume.allocation < volume.capacity;
  const base = {
    hostId: storage.hostId,
    kind: 'volume.wipe' as const,
    target: target(poolName, name),
    params: { kind: 'volume.wipe' as const, ...req, ...(force ? { force } : {}) },
    movesBytes: true,
    locks: volumeLocks(storage.hostId, poolName, name, 'write'),
  };
  if (req.algorithm === 'zero' && (await storage.ownsBytes(pool)) && !sparse) {
    // libvirt zeroes a fully allocated file inside its daemon (no handle); Poolwatch
    // writes the zeros itself with dd (O_DIRECT) and kills it on cancel.
    return {
      ...base,
      ...OWN_PATH,
      cancelNote: 'cancel stops the writes: the part already zeroed stays zeroed',
      run: async (ctx) => {
        try {
          await runMover(
            storage,
            ctx,
            'zero',
            [volume.path, String(size)],
            'host probe: fd position of Poolwatch dd writing zeros (O_DIRECT)',
          );
        } finally {
          await storage.refreshInventory();
        }
      },
    };
  }
  const scrub = req.algorithm !== 'zero' && req.algorithm !== 'trim';
  const killable = scrub && caps.uid === 0;
  const passes = WIPE_PASSES[req.algorithm];
  const wipe = ['vol-wipe', '--pool', pool.uuid, '--algorithm', req.algorithm, '--', name] as const;
  const scrubSource = `host probe: bytes scrub wrote and verified (/proc io), ${passes} pass${passes > 1 ? 'es' : ''}`;
  if (killable) {
    // libvirt's scrub, with the virsh client itself detached on the host (the agent): the
    // wipe outlives this BFF and its link, and is re-attached after a restart.
    return {
      ...base,
      cancellable: true,
      cancelNote: 'cancel stops scrub: the passes already written stay written',
      source: 'waiting for scrub',
      run: async (ctx) => {
        try {
          const call = { argv: wipe, xml: null, child: 'scrub', childPath: volume.path } as const;
          await runLibvirtCallDetached(
            storage,
            ctx,
            { ...call, total: size * passes },
            scrubSource,
          );
        } finally {
          await storage.refreshInventory();
        }
      },
    };
  }
  return {
    ...base,
    cancellable: false,
    cancelNote:
      req.algorithm === 'zero'
        ? 'libvirt zeroes a sparse file by truncating it: one call that ends at once'
        : `libvirt runs this wipe itself and the SSH user (${caps.user}) cannot stop it`,
    source: scrub ? 'waiting for scrub' : 'unmeasurable: one libvirt call (vol-wipe)',
    run: async (ctx) => {
      const call = storage.recordedProcess(ctx, 'virsh vol-wipe', wipe);
      // Not root: the probe says it cannot read scrub's io (`unmeasurable`).
      const probed = { call, comm: 'scrub', path: volume.path, total: size * passes } as const;
      const exit = scrub
        ? await runProbed(storage, ctx, { ...probed, source: scrubSource })
        : await call.exited;
      try {
        settleVirsh(exit, ctx);
        if (exit.ok) ctx.report(size * passes);
      } finally {
        await storage.refreshInventory();
      }
    },
  };
}
