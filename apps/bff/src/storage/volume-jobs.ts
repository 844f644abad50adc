import type { CloneVolumeRequest, CreateVolumeRequest, PoolDetail } from '@poolwatch/shared';
import type { JobSpec } from '../jobs/job-spec.js';
import { buildVolumeXml } from '../libvirt/builders/volume-xml.js';
import { XML_FILE } from '../libvirt/host-agent.js';
import { volCreate, volCreateFrom, volDelete } from '../libvirt/storage-verbs.js';
import { withXmlFile } from '../libvirt/xml-file.js';
import { runLibvirtCallDetached } from './detached-work.js';
import { planClone } from './planners/clone.planner.js';
import { planCreate } from './planners/create.planner.js';
import { runMover, runProbed, settleVirsh } from './host-progress.js';
import { type HostStorage } from './host-storage.js';
import {
  createThenFill,
  OWN_PATH,
  MOVER_CONTROLS,
  libvirtChildControls,
  recordCreated,
  removeCreated,
  requireFreeName,
  volumeLocks,
  volumeTarget as target,
  RESERVE_SOURCE,
  type GuardOptions,
} from './volume-job-helpers.js';
import { requireUnused } from './in-use-guard.js';

/**
 * Volume operations as JobSpecs. Every builder validates against the live host first
 * (404/409/400 before anything runs), then returns what the engine will run. Which path
 * each kind takes, and why, is in ARCHITECTURE.md ("Which path each job takes"). Wipe and
 * resize have files of their own (volume-wipe.job.ts, volume-resize.job.ts).
 */

function createXml(storage: HostStorage, pool: PoolDetail, xml: string, prealloc = false) {
  return storage.virshWithXml(xml, (xmlFile) => volCreate({ pool: pool.uuid, xmlFile, prealloc }));
}

// ---- create -----------------------------------------------------------------------------

export async function createVolumeJob(
  storage: HostStorage,
  poolName: string,
  req: CreateVolumeRequest,
): Promise<JobSpec> {
  const pool = await storage.runningPool(poolName);
  await requireFreeName(storage, poolName, req.name);
  const format = req.format ?? 'raw';
  const allocation = req.allocation ?? 0;
  await storage.requireSpace(pool, allocation, `a volume with ${allocation} bytes allocated`);
  const plan = planCreate({ ...(await storage.facts(pool)), format, allocation });
  const base = {
    hostId: storage.hostId,
    bandwidth: req.bandwidth ?? null,
    kind: 'volume.create' as const,
    target: target(poolName, req.name),
    params: { kind: 'volume.create' as const, ...req },
    locks: volumeLocks(storage.hostId, poolName, req.name, 'write'),
  };
  if (plan.executor === 'poolwatch-mover') {
    return {
      ...base,
      ...OWN_PATH,
      cancelNote: plan.cancelNote,
      run: (ctx) =>
        createThenFill(
          storage,
          ctx,
          pool,
          { name: req.name, capacity: req.capacity, format },
          (path) =>
            runMover(storage, ctx, 'allocate', [path, '0', String(allocation)], RESERVE_SOURCE),
        ),
    };
  }
  return {
    ...base,
    movesBytes: allocation > 0,
    cancellable: plan.cancellable,
    cancelNote: plan.cancelNote,
    source: plan.source,
    run: async () => {
      const xml = buildVolumeXml({
        name: req.name,
        capacity: req.capacity,
        allocation: req.allocation,
        format,
        backingStore: req.backingStore,
      });
      try {
        await createXml(storage, pool, xml, Boolean(req.preallocateMetadata));
      } finally {
        await storage.refreshInventory();
      }
    },
  };
}

// ---- clone ------------------------------------------------------------------------------

export async function cloneVolumeJob(
  storage: HostStorage,
  poolName: string,
  sourceName: string,
  req: CloneVolumeRequest,
): Promise<JobSpec> {
  const sourcePool = await storage.runningPool(poolName);
  const targetPoolName = req.targetPool ?? poolName;
  const targetPool =
    targetPoolName === poolName ? sourcePool : await storage.runningPool(targetPoolName);
  const source = await storage.measuredVolume(poolName, sourceName);
  await requireFreeName(storage, targetPoolName, req.name);
  const sourceFormat = source.format ?? 'raw';
  const format = req.format ?? (source.format as CloneVolumeRequest['format']) ?? 'raw';
  const targetPath = targetPool.targetPath === null ? null : `${targetPool.targetPath}/${req.name}`;
  const plan = planClone({
    ...(await storage.facts(targetPool)),
    sourceFormat,
    format,
    targetPathKnown: targetPath !== null,
  });
  // Poolwatch's dd and qemu-img skip holes: they write the source's allocated bytes. libvirt's
  // own raw copy preallocates the whole capacity.
  const inDaemon = plan.executor === 'libvirt-call' && format === 'raw' && sourceFormat === 'raw';
  await storage.requireSpace(
    targetPool,
    inDaemon ? source.capacity : source.allocation,
    'the clone',
  );
  const base = {
    hostId: storage.hostId,
    bandwidth: req.bandwidth ?? null,
    kind: 'volume.clone' as const,
    target: target(poolName, sourceName, targetPoolName, req.name),
    params: { kind: 'volume.clone' as const, ...req, sourceFormat, format },
    movesBytes: true,
    cancellable: plan.cancellable,
    cancelNote: plan.cancelNote,
    source: plan.source,
    locks: [
      ...volumeLocks(storage.hostId, poolName, sourceName, 'read'),
      ...volumeLocks(storage.hostId, targetPoolName, req.name, 'write'),
    ],
  };
  const xml = buildVolumeXml({ name: req.name, capacity: source.capacity, format });
  const createFrom = <F extends string | typeof XML_FILE>(xmlFile: F) =>
    volCreateFrom({
      pool: targetPool.uuid,
      inputPool: sourcePool.uuid,
      xmlFile,
      source: sourceName,
    });
  switch (plan.executor) {
    case 'poolwatch-mover': {
      // libvirt creates the target (sparse, same capacity), then dd copies (O_DIRECT, zero
      // blocks skipped) and is killed on cancel.
      const definition = { name: req.name, capacity: source.capacity, format: 'raw' as const };
      return {
        ...base,
        ...MOVER_CONTROLS,
        run: (ctx) =>
          createThenFill(storage, ctx, targetPool, definition, (path) =>
            runMover(storage, ctx, 'copy', [source.path, path], DD_SOURCE),
          ),
      };
    }
    case 'libvirt-call-detached':
      return {
        ...base,
        ...libvirtChildControls('qemu-img'),
        run: async (ctx) => {
          // libvirt creates the target inside this call: recorded before it starts (the
          // name was checked free and is write-locked), so a crash mid-call still finds it.
          recordCreated(ctx, targetPool, req.name, targetPath);
          const call = {
            argv: createFrom(XML_FILE),
            xml,
            child: 'qemu-img',
            childPath: targetPath!,
          } as const;
          try {
            await runLibvirtCallDetached(
              storage,
              ctx,
              { ...call, total: source.allocation },
              QEMU_IMG_SOURCE,
            );
          } catch (error) {
            // libvirt removes its partial target when qemu-img dies; a copy that finished
            // just before the cancel is removed here, so a cancelled clone leaves nothing.
            await removeCreated(storage, ctx, targetPool, req.name);
            throw error;
          } finally {
            await storage.refreshInventory();
          }
        },
      };
    case 'libvirt-call':
    case 'libvirt-call-probed':
      return {
        ...base,
        run: async (ctx) => {
          const exit = await withXmlFile(storage.dataDir, xml, async (file) => {
            recordCreated(ctx, targetPool, req.name, targetPath);
            const call = storage.recordedProcess(ctx, 'virsh vol-create-from', createFrom(file));
            if (plan.executor === 'libvirt-call' || targetPath === null) return call.exited;
            // qemu-img convert skips holes: it reads the source's allocated bytes.
            const probed = {
              comm: 'qemu-img',
              path: targetPath,
              total: source.allocation,
            } as const;
            return runProbed(storage, ctx, { call, ...probed, source: QEMU_IMG_SOURCE });
          });
          try {
            settleVirsh(exit, ctx);
            // libvirt answers only once qemu-img has copied everything.
            if (plan.worker === 'qemu-img') ctx.report(source.allocation);
          } finally {
            await storage.refreshInventory();
          }
        },
      };
  }
}

const DD_SOURCE = 'host probe: target fd position (Poolwatch dd, O_DIRECT)';
const QEMU_IMG_SOURCE = 'host probe: bytes read by qemu-img convert (/proc io)';

// ---- delete -----------------------------------------------------------------------------

export async function deleteVolumeJob(
  storage: HostStorage,
  poolName: string,
  name: string,
  { force = false }: GuardOptions = {},
): Promise<JobSpec> {
  const pool = await storage.runningPool(poolName);
  const volume = await storage.volume(poolName, name); // 404 before a job exists
  await requireUnused(storage, poolName, volume, 'delete', force);
  return {
    hostId: storage.hostId,
    kind: 'volume.delete',
    target: target(poolName, name),
    params: { kind: 'volume.delete', ...(force ? { force } : {}) },
    movesBytes: false,
    cancellable: false,
    cancelNote: 'vol-delete is one libvirt call that ends at once',
    source: 'unmeasurable: one libvirt call (vol-delete)',
    locks: volumeLocks(storage.hostId, poolName, name, 'write'),
    run: async () => {
      try {
        await storage.virsh(volDelete({ pool: pool.uuid, name }));
      } finally {
        await storage.refreshInventory();
      }
    },
  };
}
