import type { Readable } from 'node:stream';
import { isActiveJobState, ResumableUploadParamsSchema, type Job } from '@poolwatch/shared';
import { AppError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  checkNewUpload,
  initialParams,
  resumableUploadJob,
  UploadRun,
  type ResumableRequest,
} from './resumable-upload.js';
import type { StorageService } from './storage-service.js';

/** What a tus HEAD answers: the upload's length and the bytes the volume holds for sure. */
export interface UploadState {
  length: number;
  offset: number;
  ended: Job['state'] | null;
}

/**
 * The storage side of tus uploads (http/routes/tus.routes.ts is the protocol side): creates
 * the job, hands each PATCH body to its runner, answers offsets, and at start adopts the
 * uploads a previous process left waiting (crash, restart, deploy).
 */
export class ResumableUploads {
  private readonly runs = new Map<string, UploadRun>();

  constructor(
    private readonly storage: StorageService,
    private readonly resumeMs: number,
    private readonly logger: Logger,
  ) {}

  async create(hostId: string, request: ResumableRequest, by: string | undefined): Promise<Job> {
    const upload = new UploadRun(0);
    const job = await this.storage.submit(hostId, by, async (s) => {
      const pool = await checkNewUpload(s, request);
      return resumableUploadJob(s, pool, initialParams(request), upload, this.resumeMs, request);
    });
    this.track(job.id, upload);
    return job;
  }

  /** Adopts every upload the previous process left active (once per start). */
  async adoptDetached(): Promise<void> {
    for (const { job, handles } of this.storage.engine.detachedResumable()) {
      const params = ResumableUploadParamsSchema.safeParse(job.params);
      if (!params.success) continue;
      const upload = new UploadRun(params.data.uploaded);
      try {
        await this.storage.adopt(job, handles, async (s) => {
          const pool = await s.runningPool(job.target.pool);
          const request = { pool: pool.name, name: job.target.volume ?? '' };
          return resumableUploadJob(s, pool, params.data, upload, this.resumeMs, request);
        });
        this.track(job.id, upload);
        this.logger.info({ jobId: job.id, offset: upload.uploaded }, 'resumable upload adopted');
      } catch (error) {
        // Its host is not reachable yet: the next adoptDetached (host connected) retries.
        this.logger.warn({ jobId: job.id, err: error }, 'could not adopt a resumable upload');
      }
    }
  }

  state(id: string): UploadState {
    const job = this.storage.engine.get(id);
    const params = job && ResumableUploadParamsSchema.safeParse(job.params);
    if (!job || !params?.success) throw new NotFoundError(`no resumable upload ${id}`);
    const run = this.runs.get(id);
    if (!run && isActiveJobState(job.state)) {
      // Not adopted yet (this process just started, or its host is not connected): 423 is
      // tus's "retry later"; a 410 or a 5xx would make tus-js-client start a new upload.
      throw new AppError('upload_reattaching', 423, `the upload ${id} is being re-attached`);
    }
    const ended = run ? null : job.state;
    const offset =
      job.state === 'succeeded' ? params.data.length : (run?.uploaded ?? params.data.uploaded);
    return { length: params.data.length, offset, ended };
  }

  /** Streams one PATCH body at `offset`; resolves with the new confirmed offset. */
  async write(
    id: string,
    offset: number,
    declared: number | null,
    body: Readable,
  ): Promise<number> {
    const run = this.runs.get(id);
    if (!run) throw new AppError('upload_gone', 410, `the upload ${id} has ended`);
    const next = await run.write(offset, declared, body);
    // The last byte: answer once the job has ended (a script then sees the volume complete).
    const state = this.state(id);
    if (next === state.length) {
      const final = await this.storage.waitForEnd(id);
      if (final.state !== 'succeeded') {
        throw new AppError(
          final.error?.id ?? 'job_failed',
          502,
          final.error?.message ?? final.state,
        );
      }
    }
    return next;
  }

  /** tus termination and the jobs panel's Cancel end the same job. */
  cancel(id: string, by: string | undefined): void {
    this.state(id);
    this.storage.engine.cancel(id, by === undefined ? {} : { by });
  }

  private track(id: string, upload: UploadRun): void {
    this.runs.set(id, upload);
    void this.storage.waitForEnd(id).then(() => this.runs.delete(id));
  }
}
