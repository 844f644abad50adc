import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, LibvirtError } from '../errors.js';
import { JobCancelledError, type JobContext } from '../jobs/job-spec.js';
import { virshErrorMessage } from '../libvirt/parsers/virsh-error.parser.js';
import { explainNoSpace } from './host-progress.js';
import type { StreamPacer } from './stream-pacer.js';

/**
 * The pump of every upload and download: the HTTP side, a byte counter (and pacer), and the
 * process on the other end, a libvirt stream (`virsh vol-upload`/`vol-download`) or
 * Poolwatch's stream mover on the host (stream.sh). Killing that process aborts the stream.
 */
export interface StreamProcess {
  readonly exited: Promise<{ ok: boolean; stderr: string }>;
  kill(): void;
}

/**
 * Bytes buffered between the HTTP side and the process's pipe. Node's default (16 KiB) made the
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
  {
    base = 0,
    onBytes,
    pacer,
  }: { base?: number; onBytes?: (bytes: number) => void; pacer?: StreamPacer } = {},
): Counter {
  const report = (atMs: number) => {
    counter.reportedAtMs = atMs;
    ctx.report(base + counter.bytes, atMs);
  };
  const counter = new Transform({
    readableHighWaterMark: STREAM_BUFFER_BYTES,
    writableHighWaterMark: STREAM_BUFFER_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      const pass = () => {
        counter.bytes += chunk.length;
        onBytes?.(counter.bytes);
        const atMs = Date.now();
        if (atMs - counter.reportedAtMs >= STREAM_REPORT_INTERVAL_MS) report(atMs);
        done(null, chunk);
      };
      // Held (paused, or ahead of the limit): the chunk waits, and so does everything behind.
      const held = pacer?.admit(chunk.length);
      if (held) void held.then(pass);
      else pass();
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
  /** Pause and limit (held bytes are not a stall). */
  pacer?: StreamPacer;
  /** Called when the stream stops by itself (a stall): the sink's close is then not the client's. */
  onStall?: () => void;
}

/**
 * Moves a stream through its worker (virsh or the mover); a cancel kills the worker and
 * breaks the pipe. The source is piped into the counter rather than put in the pipeline: pipeline() destroys every stream
 * on error, and destroying an upload's HTTP request destroys its socket, so the route could
 * not answer a cancelled or failed upload. The source is drained instead (an upload's client
 * then gets its answer; the process's data fd reaches EOF so it can close). A stall (no
 * byte for idleMs, either way, while not paused) kills the process too and fails the job.
 */
export async function streamThrough(
  ctx: JobContext,
  worker: StreamProcess,
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
    worker.kill();
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
    // Paused on purpose: not a stall (a limit still moves at least 1 MiB/s).
    if (counter.bytes !== lastBytes || options.pacer?.paused) {
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
    const [piped, exit] = await Promise.allSettled([pipeline(counter, to), worker.exited]);
    if (ctx.signal.aborted) throw new JobCancelledError();
    if (idle) throw idle;
    const result = exit.status === 'fulfilled' ? exit.value : null;
    if (!result?.ok) {
      throw new LibvirtError(
        explainNoSpace(virshErrorMessage(result?.stderr ?? '') || 'the stream failed'),
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
