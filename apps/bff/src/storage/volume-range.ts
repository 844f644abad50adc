import type { Readable } from 'node:stream';
import type { JobContext } from '../jobs/job-spec.js';
import type { PoolDetail } from '@poolwatch/shared';
import type { HostStorage } from './host-storage.js';
import { planStreamFor, startUpload } from './stream-executors.js';
import type { StreamPacer } from './stream-pacer.js';
import { byteCounter, streamThrough } from './stream-through.js';

/**
 * Writes `body` into the volume from `offset`, at most `length` bytes, and resolves with the
 * bytes the host confirmed (the worker exited 0): a body that ends early (its client went
 * away) is a shorter range, not an error. The worker is the one stream.planner.ts picks:
 * Poolwatch's stream mover (dd `seek` to the offset, never truncating) for a file volume of
 * a dir/fs/netfs pool, else a libvirt stream, `virsh vol-upload --offset --length`. Killing
 * it (cancel, stall) aborts the range.
 */
export async function writeVolumeRange(
  storage: HostStorage,
  ctx: JobContext,
  target: { pool: PoolDetail; name: string },
  offset: number,
  length: number,
  body: Readable,
  pacer?: StreamPacer,
): Promise<number> {
  // Read each time: the volume may have been created by this job a moment ago.
  const streamTarget = {
    pool: target.pool,
    volume: await storage.volume(target.pool.name, target.name),
  };
  const plan = await planStreamFor(storage, streamTarget, 'upload');
  const range = { offset, length, ranged: true };
  const { worker, sink } = startUpload(storage, ctx, plan, streamTarget, range, false);
  const counter = byteCounter(ctx, { base: offset, pacer });
  await streamThrough(ctx, worker, body, sink, counter, {
    idleMs: storage.streamIdleMs,
    expected: length,
    pacer,
  });
  return counter.bytes;
}
