import type { Readable } from 'node:stream';
import type { JobContext } from '../jobs/job-spec.js';
import type { PoolDetail } from '@poolwatch/shared';
import type { HostStorage } from './host-storage.js';
import { byteCounter, streamThrough } from './stream-jobs.js';
import { volUpload } from '../libvirt/storage-verbs.js';

/**
 * Writes `body` into the volume from `offset`, at most `length` bytes, and resolves with the
 * bytes the host confirmed (virsh exited 0): a body that ends early (its client went away)
 * is a shorter range, not an error. The one seam a faster writer (a Poolwatch mover on the
 * host) replaces; this one is a libvirt stream, `virsh vol-upload --offset --length`, so
 * killing virsh (cancel, stall) aborts it.
 */
export async function writeVolumeRange(
  storage: HostStorage,
  ctx: JobContext,
  target: { pool: PoolDetail; name: string },
  offset: number,
  length: number,
  body: Readable,
): Promise<number> {
  const virsh = storage.process(
    volUpload({
      pool: target.pool.uuid,
      name: target.name,
      file: '/dev/stdin',
      range: { offset, length },
    }),
    { stdin: 'pipe' },
  );
  const counter = byteCounter(ctx, { base: offset });
  await streamThrough(ctx, virsh, body, virsh.stdin, counter, {
    idleMs: storage.streamIdleMs,
    expected: length,
  });
  return counter.bytes;
}
