import { JobSchema, upgradeJobBody, type Job } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import type { JobHandle } from './job-spec.js';

/** Row mapping of the jobs table: Job <-> columns, handles JSON, and the interrupted form. */

export interface JobRow {
  id: string;
  body: string;
}

export type HandleRow = JobRow & { handles: string | null };

/** A corrupt row (hand edit, older schema) is skipped and logged: history must still list. */
export function parseJobRow(row: JobRow, logger?: Logger): Job | null {
  let body: unknown;
  try {
    body = JSON.parse(row.body);
  } catch (error) {
    logger?.warn({ jobId: row.id, err: error }, 'skipping job row: body is not JSON');
    return null;
  }
  // Rows from before params were typed carry no params.kind: see upgradeJobBody.
  const parsed = JobSchema.safeParse(upgradeJobBody(body));
  if (!parsed.success) {
    logger?.warn(
      { jobId: row.id, issues: parsed.error.issues },
      'skipping job row: body does not match JobSchema',
    );
    return null;
  }
  return parsed.data;
}

/** A tus upload's job (ResumableUploadParams): it outlives the BFF process. */
export const isResumable = (job: Job): boolean =>
  (job.params as { resumable?: unknown }).resumable === true;

export function parseHandles(text: string | null): JobHandle[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as JobHandle[]) : [];
  } catch {
    return [];
  }
}

/**
 * The job as history shows it once its runner is gone (BFF stopped, crashed, link dropped).
 * With handles recorded, the host still has to be reconciled: cleanup is `pending` until the
 * reconciler says what it stopped and removed.
 */
export function interruptedJob(job: Job, handles: readonly JobHandle[], now: Date): Job {
  // Observed work was never Poolwatch's to interrupt: it only stopped watching. If the host
  // still runs it, the next scan shows it again as a new external job.
  if (job.origin === 'external') {
    return {
      ...job,
      seq: job.seq + 1,
      state: 'ended',
      endedAt: now.toISOString(),
      progress: { ...job.progress, timeRemaining: null },
      error: {
        id: 'job_unobserved',
        message: `Poolwatch stopped watching this work started outside Poolwatch while it was ${job.state}`,
      },
    };
  }
  const pending = handles.length > 0;
  return {
    ...job,
    seq: job.seq + 1,
    state: 'interrupted',
    endedAt: now.toISOString(),
    progress: { ...job.progress, timeRemaining: null },
    error: {
      id: 'job_interrupted',
      message: pending
        ? `Poolwatch stopped while this job was ${job.state}: what it left on the host is being stopped and removed`
        : `Poolwatch stopped while this job was ${job.state}; what the host did after that is unknown: check the target`,
    },
    cleanup: pending
      ? { state: 'pending', at: null, cleaned: [], error: null }
      : { state: 'done', at: now.toISOString(), cleaned: [], error: null },
  };
}

export function toRow(job: Job) {
  return {
    id: job.id,
    seq: job.seq,
    hostId: job.hostId,
    kind: job.kind,
    state: job.state,
    createdAt: job.createdAt,
    endedAt: job.endedAt,
    origin: job.origin,
    body: JSON.stringify(job),
  };
}
