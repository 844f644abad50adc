import type { WipeVolumeRequest } from '@poolwatch/shared';
import { UnsupportedError } from '../errors.js';
import type { JobSpec } from '../jobs/job-spec.js';
import { runLibvirtCallDetached } from './detached-work.js';
import { volWipe } from '../libvirt/storage-verbs.js';
import { planWipe } from './planners/wipe.planner.js';
import { runMover, runProbed, settleVirsh } from './host-progress.js';
import { physicalBytes, type HostStorage } from './host-storage.js';
import {
  MOVER_CONTROLS,
  libvirtChildControls,
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
  const plan = planWipe({ ...(await storage.facts(pool)), algorithm: req.algorithm, sparse });
  const passes = WIPE_PASSES[req.algorithm];
  const base = {
    hostId: storage.hostId,
    bandwidth: req.bandwidth ?? null,
    kind: 'volume.wipe' as const,
    target: target(poolName, name),
    params: { kind: 'volume.wipe' as const, ...req, ...(force ? { force } : {}) },
    movesBytes: true,
    cancellable: plan.cancellable,
    cancelNote: plan.cancelNote,
    source: plan.source,
    locks: volumeLocks(storage.hostId, poolName, name, 'write'),
  };
  const wipe = volWipe({ pool: pool.uuid, name, algorithm: req.algorithm });
  const scrubSource = `host probe: bytes scrub wrote and verified (/proc io), ${passes} pass${passes > 1 ? 'es' : ''}`;
  const refreshed = (work: () => Promise<void>) => async () => {
    try {
      await work();
    } finally {
      await storage.refreshInventory();
    }
  };
  switch (plan.executor) {
    case 'poolwatch-mover':
      // Poolwatch writes the zeros itself with dd (O_DIRECT) and kills it on cancel.
      return {
        ...base,
        ...MOVER_CONTROLS,
        run: (ctx) =>
          refreshed(() => runMover(storage, ctx, 'zero', [volume.path, String(size)], DD_SOURCE))(),
      };
    case 'libvirt-call-detached': {
      const call = { argv: wipe, xml: null, child: 'scrub', childPath: volume.path } as const;
      return {
        ...base,
        ...libvirtChildControls('scrub'),
        run: (ctx) =>
          refreshed(() =>
            runLibvirtCallDetached(storage, ctx, { ...call, total: size * passes }, scrubSource),
          )(),
      };
    }
    case 'libvirt-call':
    case 'libvirt-call-probed':
      return {
        ...base,
        run: async (ctx) => {
          const call = storage.recordedProcess(ctx, 'virsh vol-wipe', wipe);
          // Not root: the probe says it cannot read scrub's io (`unmeasurable`).
          const probed = { call, comm: 'scrub', path: volume.path, total: size * passes } as const;
          const exit =
            plan.worker === 'scrub'
              ? await runProbed(storage, ctx, { ...probed, source: scrubSource })
              : await call.exited;
          await refreshed(async () => {
            settleVirsh(exit, ctx);
            if (exit.ok) ctx.report(size * passes);
          })();
        },
      };
  }
}

const DD_SOURCE = 'host probe: fd position of Poolwatch dd writing zeros (O_DIRECT)';
