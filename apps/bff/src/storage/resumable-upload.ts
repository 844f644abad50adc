import type { Readable } from 'node:stream';
import type { PoolDetail, ResumableUploadParams, VolumeFormat } from '@poolwatch/shared';
import { AppError } from '../errors.js';
import { JobCancelledError, type JobContext, type JobSpec } from '../jobs/job-spec.js';
import { buildVolumeXml } from '../libvirt/builders/volume-xml.js';
import type { HostStorage } from './host-storage.js';
import { pacedStream, STREAM_CONTROLS } from './stream-executors.js';
import { writeVolumeRange } from './volume-range.js';
import {
  recordCreated,
  removeCreated,
  requireFreeName,
  volumeLocks,
  volumeTarget,
} from './volume-job-helpers.js';
import { poolVerb, volCreate } from '../libvirt/storage-verbs.js';

export interface ResumableRequest {
  pool: string;
  name: string;
  length: number;
  create: boolean;
  format: VolumeFormat;
}

/** No PATCH came for POOLWATCH_UPLOAD_RESUME_MS: the job fails and cleans up like a cancel. */
export class UploadExpiredError extends AppError {
  constructor(resumeMs: number, uploaded: number, length: number) {
    super(
      'upload_expired',
      410,
      `the client did not resume the upload within ${resumeMs} ms (${uploaded} of ${length} bytes were written)`,
    );
  }
}

interface Chunk {
  offset: number;
  /** Content-Length of the PATCH (null: up to the end of the upload). */
  declared: number | null;
  body: Readable;
  settle: (result: { offset: number } | { error: Error }) => void;
}

/**
 * The in-memory side of one running resumable upload: the PATCH handed over by the tus
 * store, and the bytes confirmed so far. The job's runner takes chunks from here.
 */
export class UploadRun {
  private chunk: Chunk | null = null;
  private wake: (() => void) | null = null;
  /** The previous PATCH ended short or failed, or the BFF restarted: the next one resumes. */
  broken: boolean;

  constructor(public uploaded: number) {
    this.broken = uploaded > 0;
  }

  /** Called by a PATCH: resolves with the new confirmed offset once virsh confirmed it. */
  write(offset: number, declared: number | null, body: Readable): Promise<number> {
    return new Promise((resolve, reject) => {
      this.chunk?.settle({ error: new AppError('conflict', 409, 'a newer PATCH took over') });
      this.chunk = {
        offset,
        declared,
        body,
        settle: (result) => ('error' in result ? reject(result.error) : resolve(result.offset)),
      };
      this.wake?.();
    });
  }

  /** The next chunk; rejects on cancel or when the client stays away for resumeMs. */
  next(ctx: JobContext, resumeMs: number, length: number): Promise<Chunk> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', abort);
        this.wake = null;
      };
      const abort = () => {
        done();
        reject(new JobCancelledError());
      };
      const timer = setTimeout(() => {
        done();
        reject(new UploadExpiredError(resumeMs, this.uploaded, length));
      }, resumeMs);
      this.wake = () => {
        const chunk = this.chunk;
        if (!chunk) return;
        this.chunk = null;
        done();
        resolve(chunk);
      };
      ctx.signal.addEventListener('abort', abort, { once: true });
      if (ctx.signal.aborted) abort();
      else this.wake();
    });
  }

  /** A PATCH still waiting when the job ends gets the job's end as its answer. */
  fail(error: Error): void {
    this.chunk?.settle({ error });
    this.chunk = null;
  }
}

export function initialParams(request: ResumableRequest): ResumableUploadParams {
  const { length, create, format } = request;
  return {
    kind: 'volume.upload',
    length,
    create,
    format,
    resumable: true,
    uploaded: 0,
    resumedFrom: null,
    resumes: 0,
    volumeCreated: false,
  };
}

/** Checks a new tus upload against the live host, as the PUT upload builder does. */
export async function checkNewUpload(storage: HostStorage, request: ResumableRequest) {
  const pool = await storage.runningPool(request.pool);
  if (request.create) {
    await requireFreeName(storage, request.pool, request.name);
    await storage.requireSpace(pool, request.length, `the upload of ${request.length} bytes`);
  } else {
    const volume = await storage.measuredVolume(request.pool, request.name);
    if (request.length > volume.capacity) {
      throw new AppError(
        'bad_request',
        400,
        `the upload (${request.length} bytes) is larger than the volume (${volume.capacity} bytes)`,
      );
    }
  }
  return pool;
}

const STREAM_SOURCE = 'stream bytes (BFF → host, from the confirmed offset)';
const waiting = (uploaded: number, length: number) =>
  `waiting for the client to resume, ${uploaded} of ${length} bytes`;

/**
 * One tus upload as one job, from its creation to its last byte, across PATCHes, client
 * drops and BFF restarts (params persisted after each confirmed chunk; see ARCHITECTURE.md).
 */
export function resumableUploadJob(
  storage: HostStorage,
  pool: PoolDetail,
  start: ResumableUploadParams,
  upload: UploadRun,
  resumeMs: number,
  request: { pool: string; name: string },
): JobSpec {
  const { length } = start;
  let params = start;
  const run = async (ctx: JobContext) => {
    const save = (change: Partial<ResumableUploadParams>) => {
      params = { ...params, ...change };
      ctx.updateParams(change);
    };
    const target = { pool, name: request.name };
    ctx.measure(waiting(upload.uploaded, length), length);
    ctx.report(upload.uploaded);
    // One pacer for the whole upload: a pause or a limit holds across PATCHes.
    const paced = pacedStream(ctx, 'upload');
    try {
      if (params.create && !params.volumeCreated) {
        const xml = buildVolumeXml({ name: request.name, capacity: length, format: 'raw' });
        await storage.virshWithXml(xml, (xmlFile) => volCreate({ pool: pool.uuid, xmlFile }));
        const created = await storage.volume(pool.name, request.name);
        recordCreated(ctx, pool, request.name, created.path);
        save({ volumeCreated: true });
      }
      while (upload.uploaded < length) {
        ctx.measure(waiting(upload.uploaded, length), length);
        const chunk = await upload.next(ctx, resumeMs, length);
        const remaining = length - chunk.offset;
        const expected = Math.min(chunk.declared ?? remaining, remaining);
        if (upload.broken && chunk.offset > 0) {
          save({ resumedFrom: chunk.offset, resumes: params.resumes + 1 });
        }
        upload.broken = false;
        ctx.measure(STREAM_SOURCE, length);
        try {
          const written = await writeVolumeRange(
            storage,
            ctx,
            target,
            chunk.offset,
            expected,
            chunk.body,
            paced.pacer,
          );
          upload.uploaded = chunk.offset + written;
          // On disk before the client hears the new offset: a crash now loses nothing.
          save({ uploaded: upload.uploaded });
          if (written < expected) upload.broken = true;
          chunk.settle({ offset: upload.uploaded });
        } catch (error) {
          upload.broken = true;
          chunk.settle({ error: error as Error });
          if (ctx.signal.aborted) throw error;
          // A failed chunk (virsh refused, the link dropped) is not a failed upload: the
          // client re-sends from the confirmed offset, until the upload expires.
          ctx.logger.warn({ err: error, offset: chunk.offset }, 'an upload chunk failed');
        }
      }
      if (params.format !== 'raw') await storage.virsh(poolVerb('pool-refresh', pool.uuid));
    } catch (error) {
      upload.fail(error as Error);
      if (params.volumeCreated) await removeCreated(storage, ctx, pool, request.name);
      throw error;
    } finally {
      paced.done();
      await storage.refreshInventory();
    }
  };
  return {
    hostId: storage.hostId,
    kind: 'volume.upload',
    target: volumeTarget(request.pool, request.name),
    params: { ...start },
    // Not in the per-host byte slots: an upload waiting a day for its client must not hold
    // one. Its bytes still go through one virsh stream at a time.
    movesBytes: false,
    cancellable: true,
    ...STREAM_CONTROLS,
    cancelNote: start.create
      ? null
      : 'cancel stops the stream: the bytes already written stay in the volume',
    source: waiting(start.uploaded, length),
    locks: volumeLocks(storage.hostId, request.pool, request.name, 'write'),
    run,
  };
}
