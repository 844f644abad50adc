import type { Job, JobEvent } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import type { CancelOptions } from './active-job.js';
import type { JobLog } from './job-log.js';

/** A running job gets a progress sample at most this often (doubling as samples are thinned). */
export const SAMPLE_INTERVAL_MS = 1000;
const MILESTONES = [25, 50, 75] as const;

/** Per active job: when the last sample was taken and which milestone comes next. */
export interface SampleState {
  intervalMs: number;
  lastAtMs: number;
  nextMilestone: number;
}

export const newSampleState = (): SampleState => ({
  intervalMs: SAMPLE_INTERVAL_MS,
  lastAtMs: -Infinity,
  nextMilestone: 0,
});

/**
 * Writes the job's timeline and samples as the engine moves it. A write that fails is
 * logged and dropped: the timeline is history, and never stops or fails the job itself.
 */
export class JobRecorder {
  constructor(
    private readonly log: JobLog,
    private readonly logger: Logger,
    /** The engine's clock, so events and samples sort with its timestamps. */
    private readonly now: () => number,
  ) {}

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  queued(job: Job): void {
    const by = job.startedBy;
    this.event(job.id, {
      at: job.createdAt,
      type: 'queued',
      by,
      message: by ? `queued by ${by}` : 'queued',
    });
  }

  started(job: Job): void {
    this.event(job.id, {
      at: job.startedAt ?? this.nowIso(),
      type: 'started',
      by: null,
      message: 'started',
    });
  }

  cancelRequested(job: Job, options: CancelOptions): void {
    const by = options.by ?? null;
    const why = options.reason?.message;
    const message = by ? `cancel requested by ${by}` : `cancel requested${why ? `: ${why}` : ''}`;
    this.event(job.id, { at: this.nowIso(), type: 'cancel-requested', by, message });
  }

  /** A pause, resume or limit change: who asked and what changed (old → new). */
  control(
    job: Job,
    type: 'paused' | 'resumed' | 'limit-changed',
    by: string | null,
    message: string,
  ) {
    this.event(job.id, {
      at: this.nowIso(),
      type,
      by,
      message: by ? `${message} by ${by}` : message,
    });
  }

  /** The end (state) and, for a failure or interruption, the error as its own entry. */
  ended(job: Job): void {
    const at = job.endedAt ?? this.nowIso();
    const by = job.state === 'cancelled' ? job.cancelledBy : null;
    this.event(job.id, {
      at,
      type: 'ended',
      by,
      message: by ? `${job.state} by ${by}` : job.state,
    });
    if (job.error && job.state !== 'cancelled') {
      this.event(job.id, {
        at,
        type: 'error',
        by: null,
        message: `${job.error.id}: ${job.error.message}`,
      });
    }
    this.sample(job, Date.parse(at));
  }

  /** Called on every progress emission: a sample when the interval has passed, milestones. */
  progress(job: Job, state: SampleState, nowMs: number): void {
    const { dataTotal, dataProcessed } = job.progress;
    if (dataTotal !== null && dataTotal > 0 && dataProcessed !== null) {
      const percent = (dataProcessed / dataTotal) * 100;
      let reached: number | null = null;
      while (
        state.nextMilestone < MILESTONES.length &&
        percent >= MILESTONES[state.nextMilestone]!
      ) {
        reached = MILESTONES[state.nextMilestone]!;
        state.nextMilestone += 1;
      }
      if (reached !== null) {
        const message = `${reached} % done (${dataProcessed} of ${dataTotal} bytes)`;
        this.event(job.id, {
          at: new Date(nowMs).toISOString(),
          type: 'progress',
          by: null,
          message,
        });
      }
    }
    if (nowMs - state.lastAtMs < state.intervalMs) return;
    state.lastAtMs = nowMs;
    // Thinned to half: sample at the spacing of what is left, so the job stays bounded.
    if (this.sample(job, nowMs)) state.intervalMs *= 2;
  }

  timeline(jobId: string) {
    return this.log.timeline(jobId);
  }

  private sample(job: Job, atMs: number): boolean {
    const { dataProcessed, rate } = job.progress;
    try {
      return this.log.sample(job.id, { at: atMs, processed: dataProcessed, rate });
    } catch (error) {
      this.logger.error({ jobId: job.id, err: error }, 'could not record a progress sample');
      return false;
    }
  }

  private event(jobId: string, event: JobEvent): void {
    try {
      this.log.event(jobId, event);
    } catch (error) {
      this.logger.error({ jobId, err: error }, 'could not record a job event');
    }
  }
}
