import type { Readable, Writable } from 'node:stream';
import type { VolumeFormat } from '@poolwatch/shared';
import { BadRequestError, LibvirtError } from '../errors.js';
import { JobCancelledError, type JobContext, type JobSpec } from '../jobs/job-spec.js';
import { physicalBytes, type HostStorage } from './host-storage.js';
import {
  pacedStream,
  planStreamFor,
  STREAM_CONTROLS,
  startDownload,
  startUpload,
  type StreamTarget,
} from './stream-executors.js';
import { byteCounter, streamThrough } from './stream-through.js';
import {
  createThenFill,
  requireFreeName,
  volumeLocks,
  volumeTarget,
} from './volume-job-helpers.js';
import { poolVerb } from '../libvirt/storage-verbs.js';

/**
 * Upload and download stream through the BFF, which counts, paces and pauses every byte
 * (stream-pacer.ts). On the host the bytes go to Poolwatch's stream mover (a file volume of
 * a dir/fs/netfs pool: dd on one SSH channel) or through a libvirt stream (`virsh
 * vol-upload`/`vol-download`) elsewhere: stream.planner.ts decides. Killing the worker
 * aborts the stream on the host.
 */
export interface UploadOptions {
  body: Readable;
  length: number;
  create: boolean;
  format: VolumeFormat;
}

export async function uploadVolumeJob(
  storage: HostStorage,
  poolName: string,
  name: string,
  options: UploadOptions,
): Promise<JobSpec> {
  const pool = await storage.runningPool(poolName);
  if (options.create) {
    await requireFreeName(storage, poolName, name);
    await storage.requireSpace(pool, options.length, `the upload of ${options.length} bytes`);
  }
  const existing = options.create ? null : await storage.measuredVolume(poolName, name);
  if (existing !== null && options.length > existing.capacity) {
    throw new BadRequestError(
      `the upload (${options.length} bytes) is larger than the volume (${existing.capacity} bytes)`,
    );
  }
  const upload = async (ctx: JobContext, volume: StreamTarget['volume']) => {
    const target = { pool, volume };
    const plan = await planStreamFor(storage, target, 'upload');
    ctx.measure(plan.source, options.length);
    if (ctx.signal.aborted) throw new JobCancelledError();
    const paced = pacedStream(ctx, 'upload');
    try {
      const range = { offset: 0, length: options.length, ranged: false };
      const { worker, sink } = startUpload(storage, ctx, plan, target, range, true);
      const counter = byteCounter(ctx, { pacer: paced.pacer });
      await streamThrough(ctx, worker, options.body, sink, counter, {
        idleMs: storage.streamIdleMs,
        expected: options.length,
        pacer: paced.pacer,
      });
      if (counter.bytes !== options.length) {
        throw new BadRequestError(
          `the upload ended after ${counter.bytes} of ${options.length} bytes`,
        );
      }
    } finally {
      paced.done();
    }
  };
  return {
    hostId: storage.hostId,
    kind: 'volume.upload',
    target: volumeTarget(poolName, name),
    params: {
      kind: 'volume.upload',
      length: options.length,
      create: options.create,
      format: options.format,
    },
    movesBytes: true,
    cancellable: true,
    ...STREAM_CONTROLS,
    cancelNote: options.create
      ? null
      : 'cancel stops the stream: the bytes already written stay in the volume',
    source: 'waiting for the upload to start',
    locks: volumeLocks(storage.hostId, poolName, name, 'write'),
    run: async (ctx) => {
      if (existing !== null) {
        try {
          await upload(ctx, existing);
        } finally {
          await storage.refreshInventory();
        }
        return;
      }
      // Created raw and sized to the body; a pool refresh afterwards lets libvirt probe
      // the real format (an uploaded qcow2 image is then listed as qcow2).
      const definition = { name, capacity: options.length, format: 'raw' as const };
      await createThenFill(storage, ctx, pool, definition, async () => {
        await upload(ctx, await storage.volume(pool.name, name));
        if (options.format !== 'raw') await storage.virsh(poolVerb('pool-refresh', pool.uuid));
      });
    },
  };
}

export interface DownloadOptions {
  sink: Writable;
  /** Called once the job runs, before the first byte: set the response headers here. */
  onStart: (length: number) => void;
}

export async function downloadVolumeJob(
  storage: HostStorage,
  poolName: string,
  name: string,
  options: DownloadOptions,
): Promise<{ spec: JobSpec; length: number; sent: { bytes: number; stalled: boolean } }> {
  const pool = await storage.runningPool(poolName);
  const volume = await storage.measuredVolume(poolName, name);
  const length = physicalBytes(volume);
  // Bytes handed to the response so far: the route tells "hung up at the last byte" (a
  // finished download) from "went away midway" (cancel) by it.
  const sent = { bytes: 0, stalled: false };
  const spec: JobSpec = {
    hostId: storage.hostId,
    kind: 'volume.download',
    target: volumeTarget(poolName, name),
    params: { kind: 'volume.download', length },
    movesBytes: true,
    cancellable: true,
    ...STREAM_CONTROLS,
    cancelNote: null,
    source: 'waiting for the download to start',
    locks: volumeLocks(storage.hostId, poolName, name, 'read'),
    run: async (ctx) => {
      const target = { pool, volume };
      const plan = await planStreamFor(storage, target, 'download');
      ctx.measure(plan.source, length);
      const paced = pacedStream(ctx, 'download');
      try {
        const { worker, source } = startDownload(storage, ctx, plan, target, length);
        options.onStart(length);
        const counter = byteCounter(ctx, {
          onBytes: (bytes) => (sent.bytes = bytes),
          pacer: paced.pacer,
        });
        await streamThrough(ctx, worker, source, options.sink, counter, {
          idleMs: storage.streamIdleMs,
          expected: length,
          pacer: paced.pacer,
          onStall: () => (sent.stalled = true),
        });
        sent.bytes = counter.bytes;
        if (counter.bytes !== length) {
          throw new LibvirtError(`the download ended after ${counter.bytes} of ${length} bytes`);
        }
      } finally {
        paced.done();
      }
    },
  };
  return { spec, length, sent };
}
