import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { VolumeFormat } from '@poolwatch/shared';
import { AppError, BadRequestError, LibvirtError } from '../errors.js';
import { JobCancelledError, type JobContext, type JobSpec } from '../jobs/job-spec.js';
import { virshErrorMessage } from '../libvirt/parsers/virsh-error.parser.js';
import type { VirshProcess } from '../libvirt/virsh-process.js';
import { explainNoSpace } from './host-progress.js';
import { physicalBytes, type HostStorage } from './host-storage.js';
import {
  createThenFill,
  requireFreeName,
  volumeLocks,
  volumeTarget,
} from './volume-job-helpers.js';
import { poolVerb, volDownload, volUpload } from '../libvirt/storage-verbs.js';

/**
 * Upload and download go through libvirt streams (`virsh vol-upload` / `vol-download`
 * on a process of their own), so the BFF counts every byte it moves, and killing virsh
 * aborts the stream on the host.
 */

/**
 * Bytes buffered between the HTTP side and virsh's pipe. Node's default (16 KiB) made the
 * counter stop and start the source on every 64 KiB socket read; 1 MiB lets whole reads
 * through and still bounds the BFF's memory per stream (README: peak RSS during 4 GiB).
 */
const STREAM_BUFFER_BYTES = 1 << 20;
/** Progress is reported at most this often: the meter folds shorter intervals anyway. */
const STREAM_REPORT_INTERVAL_MS = 50;

type Counter = Transform & { bytes: number; reportedAtMs: number };

/**
 * Counts bytes flowing through and reports them. Per chunk it only adds and reads the
 * clock: progress goes to the meter at most every STREAM_REPORT_INTERVAL_MS (and once at
 * the end), so a GiB of 64 KiB chunks costs no timer or meter work per chunk.
 * `onBytes` (cheap, per chunk) lets a route know exactly how much went out.
 */
export function byteCounter(
  ctx: JobContext,
  { base = 0, onBytes }: { base?: number; onBytes?: (bytes: number) => void } = {},
): Counter {
  const report = (atMs: number) => {
    counter.reportedAtMs = atMs;
    ctx.report(base + counter.bytes, atMs);
  };
  const counter = new Transform({
    readableHighWaterMark: STREAM_BUFFER_BYTES,
    writableHighWaterMark: STREAM_BUFFER_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      counter.bytes += chunk.length;
      onBytes?.(counter.bytes);
      const atMs = Date.now();
      if (atMs - counter.reportedAtMs >= STREAM_REPORT_INTERVAL_MS) report(atMs);
      done(null, chunk);
    },
    flush(done) {
      report(Date.now());
      done();
    },
  }) as Counter;
  counter.bytes = 0;
  counter.reportedAtMs = 0;
  return counter;
}

/** No byte moved for POOLWATCH_STREAM_IDLE_MS: the stream fails (a stall is not a slow link). */
export class StreamIdleError extends AppError {
  constructor(idleMs: number, bytes: number) {
    super(
      'stream_idle',
      504,
      `no byte moved for ${idleMs} ms (after ${bytes} bytes): the stream stalled`,
    );
  }
}

export interface StreamOptions {
  idleMs: number;
  /** The number of bytes that make the stream complete (a sink closing after them is fine). */
  expected: number;
  /** Called when the stream stops by itself (a stall): the sink's close is then not the client's. */
  onStall?: () => void;
}

/**
 * Moves a stream through virsh; a cancel kills virsh and breaks the pipe. The source is
 * piped into the counter rather than put in the pipeline: pipeline() destroys every stream
 * on error, and destroying an upload's HTTP request destroys its socket, so the route could
 * not answer a cancelled or failed upload. The source is drained instead (an upload's client
 * then gets its answer; virsh's data fd reaches EOF so the process can close). A stall (no
 * byte for idleMs, either way) kills virsh too and fails the job.
 */
export async function streamThrough(
  ctx: JobContext,
  virsh: VirshProcess,
  from: Readable,
  to: Writable,
  counter: Counter,
  options: StreamOptions,
): Promise<void> {
  const drain = () => {
    from.unpipe(counter);
    from.resume();
  };
  const stop = (error: Error) => {
    virsh.kill();
    drain();
    counter.destroy(error);
  };
  let idle: StreamIdleError | null = null;
  // One timer per stream, not one cleared and re-armed per chunk: a byte count that changed
  // since the last check is a move.
  let lastBytes = 0;
  let lastMoveMs = Date.now();
  const checkEvery = Math.max(10, Math.min(1000, Math.floor(options.idleMs / 4)));
  const timer = setInterval(() => {
    if (counter.bytes >= options.expected || idle) return;
    const nowMs = Date.now();
    if (counter.bytes !== lastBytes) {
      lastBytes = counter.bytes;
      lastMoveMs = nowMs;
      return;
    }
    if (nowMs - lastMoveMs < options.idleMs) return;
    idle = new StreamIdleError(options.idleMs, counter.bytes);
    options.onStall?.();
    stop(idle);
  }, checkEvery);
  const onAbort = () => stop(new JobCancelledError());
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  // A cancel that came while the job was still preparing (vol-create…) fired no event here.
  if (ctx.signal.aborted) onAbort();
  from.once('error', (error) => counter.destroy(error));
  from.pipe(counter);
  try {
    const [piped, exit] = await Promise.allSettled([pipeline(counter, to), virsh.exited]);
    if (ctx.signal.aborted) throw new JobCancelledError();
    if (idle) throw idle;
    const result = exit.status === 'fulfilled' ? exit.value : null;
    if (!result?.ok) {
      throw new LibvirtError(
        explainNoSpace(virshErrorMessage(result?.stderr ?? '') || 'virsh stream failed'),
      );
    }
    // A sink that closed once every byte went through (a download client that hangs up at
    // the last byte) did get everything: that is a finished stream, not a failure.
    if (piped.status === 'rejected' && counter.bytes < options.expected) {
      throw piped.reason as Error;
    }
  } finally {
    clearInterval(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    drain();
  }
}

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
  } else {
    const volume = await storage.measuredVolume(poolName, name);
    if (options.length > volume.capacity) {
      throw new BadRequestError(
        `the upload (${options.length} bytes) is larger than the volume (${volume.capacity} bytes)`,
      );
    }
  }
  const upload = async (ctx: JobContext) => {
    ctx.measure('stream bytes (BFF → virsh vol-upload)', options.length);
    if (ctx.signal.aborted) throw new JobCancelledError();
    const virsh = storage.recordedProcess(
      ctx,
      'virsh vol-upload',
      volUpload({ pool: pool.uuid, name, file: '/dev/stdin' }),
      { stdin: 'pipe' },
    );
    const counter = byteCounter(ctx);
    await streamThrough(ctx, virsh, options.body, virsh.stdin, counter, {
      idleMs: storage.streamIdleMs,
      expected: options.length,
    });
    if (counter.bytes !== options.length) {
      throw new BadRequestError(
        `the upload ended after ${counter.bytes} of ${options.length} bytes`,
      );
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
    cancelNote: options.create
      ? null
      : 'cancel stops the stream: the bytes already written stay in the volume',
    source: 'waiting for the upload to start',
    locks: volumeLocks(storage.hostId, poolName, name, 'write'),
    run: async (ctx) => {
      if (!options.create) {
        try {
          await upload(ctx);
        } finally {
          await storage.refreshInventory();
        }
        return;
      }
      // Created raw and sized to the body; a pool refresh afterwards lets libvirt probe
      // the real format (an uploaded qcow2 image is then listed as qcow2).
      const definition = { name, capacity: options.length, format: 'raw' as const };
      await createThenFill(storage, ctx, pool, definition, async () => {
        await upload(ctx);
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
    cancelNote: null,
    source: 'waiting for the download to start',
    locks: volumeLocks(storage.hostId, poolName, name, 'read'),
    run: async (ctx) => {
      ctx.measure('stream bytes (virsh vol-download → BFF)', length);
      // fd 3, not stdout: vol-download to /dev/stdout appends a newline to the data.
      const virsh = storage.recordedProcess(
        ctx,
        'virsh vol-download',
        volDownload({ pool: pool.uuid, name, file: '/dev/fd/3' }),
        { dataOut: true },
      );
      options.onStart(length);
      const counter = byteCounter(ctx, { onBytes: (bytes) => (sent.bytes = bytes) });
      await streamThrough(ctx, virsh, virsh.dataOut, options.sink, counter, {
        idleMs: storage.streamIdleMs,
        expected: length,
        onStall: () => (sent.stalled = true),
      });
      sent.bytes = counter.bytes;
      if (counter.bytes !== length) {
        throw new LibvirtError(`the download ended after ${counter.bytes} of ${length} bytes`);
      }
    },
  };
  return { spec, length, sent };
}
