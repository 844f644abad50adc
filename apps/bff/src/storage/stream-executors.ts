import type { PoolDetail, VolumeDetail } from '@poolwatch/shared';
import type { Readable, Writable } from 'node:stream';
import type { JobContext } from '../jobs/job-spec.js';
import type { HostStreamOp, HostStreamProcess, HostStreamRange } from '../libvirt/host-stream.js';
import { volDownload, volUpload } from '../libvirt/storage-verbs.js';
import type { HostStorage } from './host-storage.js';
import { planStream, type StreamPlan } from './planners/stream.planner.js';
import { pacerControls, StreamPacer } from './stream-pacer.js';
import type { StreamProcess } from './stream-through.js';

/**
 * The two stream executors (stream.planner.ts decides): Poolwatch's stream mover on the
 * host, or a libvirt stream through a virsh of the BFF's own.
 */
/** Every stream is paced in the BFF (stream-pacer.ts), whichever worker is on the host. */
export const STREAM_CONTROLS = { pausable: true, limitable: true } as const;

export interface StreamTarget {
  pool: PoolDetail;
  volume: Pick<VolumeDetail, 'name' | 'path' | 'type'>;
}

export async function planStreamFor(
  storage: HostStorage,
  target: StreamTarget,
  direction: 'upload' | 'download',
): Promise<StreamPlan> {
  const facts = await storage.facts(target.pool);
  return planStream(
    { ...facts, volumeType: target.volume.type, path: target.volume.path },
    direction,
  );
}

/**
 * The stream mover on its own SSH channel. `record`: its local ssh (pid + exact argv) is kept
 * in the job store, so a BFF that stops mid-stream finds it again (job-reconciler.ts).
 */
function startMover(
  storage: HostStorage,
  ctx: JobContext,
  op: HostStreamOp,
  range: HostStreamRange,
  record: boolean,
): HostStreamProcess {
  const mover = storage.shell.stream(op, range);
  if (record && mover.pid !== null) {
    const handle = { pid: mover.pid, argv: [...mover.argv], what: 'stream mover (ssh)' };
    ctx.record({ kind: 'local-process', ...handle });
  }
  return mover;
}

/** The range an upload writes; `ranged` = a tus PATCH (`vol-upload --offset --length`). */
export interface UploadRange {
  offset: number;
  length: number;
  ranged: boolean;
}

/** Starts the worker that writes an upload's bytes (`record`: see startMover). */
export function startUpload(
  storage: HostStorage,
  ctx: JobContext,
  plan: StreamPlan,
  target: StreamTarget,
  range: UploadRange,
  record: boolean,
): { worker: StreamProcess; sink: Writable } {
  const path = target.volume.path;
  if (plan.executor === 'host-mover' && path) {
    const { offset, length } = range;
    const mover = startMover(storage, ctx, 'write', { path, offset, length }, record);
    return { worker: mover, sink: mover.stdin };
  }
  const args = volUpload({
    pool: target.pool.uuid,
    name: target.volume.name,
    file: '/dev/stdin',
    ...(range.ranged ? { range: { offset: range.offset, length: range.length } } : {}),
  });
  const virsh = record
    ? storage.recordedProcess(ctx, 'virsh vol-upload', args, { stdin: 'pipe' })
    : storage.process(args, { stdin: 'pipe' });
  return { worker: virsh, sink: virsh.stdin };
}

/** Starts the worker that reads a download's `length` bytes. */
export function startDownload(
  storage: HostStorage,
  ctx: JobContext,
  plan: StreamPlan,
  target: StreamTarget,
  length: number,
): { worker: StreamProcess; source: Readable } {
  const path = target.volume.path;
  if (plan.executor === 'host-mover' && path) {
    const mover = startMover(storage, ctx, 'read', { path, offset: 0, length }, true);
    return { worker: mover, source: mover.dataOut };
  }
  // fd 3, not stdout: vol-download to /dev/stdout appends a newline to the data.
  const virsh = storage.recordedProcess(
    ctx,
    'virsh vol-download',
    volDownload({ pool: target.pool.uuid, name: target.volume.name, file: '/dev/fd/3' }),
    { dataOut: true },
  );
  return { worker: virsh, source: virsh.dataOut };
}

/**
 * A pacer registered as the job's pause/limit controls, with a limit asked for before the
 * start applied from the first byte. `done()` withdraws the controls and releases any wait.
 */
export function pacedStream(
  ctx: JobContext,
  direction: 'upload' | 'download',
): { pacer: StreamPacer; done: () => void } {
  const pacer = new StreamPacer();
  const where =
    direction === 'upload' ? 'it stops reading the upload' : 'it stops writing the download';
  const controls = pacerControls(pacer, where);
  const bandwidth = ctx.bandwidth();
  if (bandwidth !== null) {
    pacer.limit(bandwidth);
    ctx.limited(controls.describe);
  }
  ctx.controls(controls);
  return {
    pacer,
    done: () => {
      ctx.controls(null);
      pacer.close();
    },
  };
}
