import type { EventEmitter } from 'node:events';
import type { Job, JobState } from '@poolwatch/shared';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  JobCancelledError,
  JobInterruptedError,
  type JobContext,
  type JobSpec,
} from './job-spec.js';
import { JobRecorder } from './job-recorder.js';
import { interruptedJob } from './job-rows.js';
import type { JobStore } from './job-store.js';
import { ProgressThrottle } from './progress-throttle.js';
import {
  contextFor,
  stopTimers,
  type ActiveJob,
  type JobEngineEvents,
  type JobEngineOptions,
} from './active-job.js';

type Emit = EventEmitter<JobEngineEvents>['emit'];

/**
 * The life of active jobs: the per-host slots (pump), running a runner with its context, and
 * every way a run ends (succeeded, failed, cancelled, interrupted). Each change is persisted,
 * then emitted. JobEngine holds the public operations (submit, cancel, adopt, queries).
 */
export class JobRuns {
  readonly store: JobStore;
  readonly logger: Logger;
  readonly now: () => number;
  readonly recorder: JobRecorder;
  /** Insertion order = submission order, which the per-host FIFO relies on. */
  readonly active = new Map<string, ActiveJob>();
  stopped = false;
  private readonly maxBytesMoving: number;
  private readonly throttle: ProgressThrottle;
  private readonly tickIntervalMs: number;

  constructor(
    options: JobEngineOptions,
    private readonly emit: Emit,
  ) {
    this.store = options.store;
    this.logger = options.logger.child({ module: 'jobs' });
    this.maxBytesMoving = options.maxBytesMovingPerHost ?? 2;
    // Read Date.now at call time so fake timers installed later still apply.
    this.now = options.now ?? (() => Date.now());
    this.throttle = new ProgressThrottle({
      intervalMs: options.progressIntervalMs ?? 250,
      now: this.now,
      live: (entry) => !this.stopped && this.active.has(entry.job.id),
      persist: (job) => this.persist(job),
      emit: (event) => this.emit('progress', event),
      sampled: (entry) => this.recorder.progress(entry.job, entry.samples, entry.lastEmitMs),
    });
    this.tickIntervalMs = options.tickIntervalMs ?? 500;
    this.recorder = new JobRecorder(this.store.log, this.logger, this.now);
  }

  /** Starts what may start on a host: non-byte jobs at once, byte movers up to the limit. */
  pump(hostId: string): void {
    if (this.stopped) return;
    const ofHost = [...this.active.values()].filter((e) => e.job.hostId === hostId);
    let moving = ofHost.filter((e) => e.spec.movesBytes && e.job.state !== 'queued').length;
    for (const entry of ofHost) {
      if (entry.job.state !== 'queued') continue;
      if (entry.spec.movesBytes) {
        if (moving >= this.maxBytesMoving) continue;
        moving += 1;
      }
      this.start(entry);
    }
  }

  runEntry(entry: ActiveJob, runner: JobSpec['run']): void {
    const ctx: JobContext = {
      ...contextFor(entry, {
        logger: this.logger,
        store: this.store,
        now: this.now,
        reported: (firstFigure) => this.throttle.request(entry, firstFigure),
        attached: (at) => this.transition(entry, { attachedAt: at }),
      }),
      updateParams: (change) => {
        // Only a runner of the job's own kind calls this, with fields of that kind's params.
        const params = { ...entry.job.params, ...change } as Job['params'];
        entry.job = { ...entry.job, params };
        this.transition(entry, {});
      },
      controls: (controls) => {
        entry.controls = controls;
      },
      bandwidth: () => entry.job.limits.bytesPerSecond,
      limited: (enforcedBy) =>
        this.transition(entry, { limits: { ...entry.job.limits, enforcedBy } }),
      // A paused job keeps its note (how it is held).
      offer: (flags) =>
        this.transition(entry, {
          ...flags,
          pauseNote: entry.job.state === 'paused' ? entry.job.pauseNote : flags.pauseNote,
        }),
    };
    entry.tick = setInterval(() => this.throttle.request(entry), this.tickIntervalMs);
    let run: Promise<void | 'ended'>;
    try {
      run = runner(ctx);
    } catch (error) {
      run = Promise.reject(error);
    }
    run.then(
      (outcome) => this.finish(entry, outcome === 'ended' ? 'ended' : 'succeeded', null),
      (error: unknown) => this.fail(entry, error),
    );
  }

  /** Ends an active job as `interrupted` (cleanup pending when it recorded handles). */
  interrupt(entry: ActiveJob, message: string | null, cleaned?: string[]): Job {
    stopTimers(entry);
    this.active.delete(entry.job.id);
    const now = new Date(this.now());
    let job = interruptedJob(entry.job, entry.handles, now);
    // The runner cleaned up itself (detached work found gone): nothing pending.
    if (cleaned)
      job = { ...job, cleanup: { state: 'done', at: now.toISOString(), cleaned, error: null } };
    entry.job = message === null ? job : { ...job, error: { id: 'job_interrupted', message } };
    this.persist(entry.job, job.cleanup?.state === 'pending');
    this.recorder.ended(entry.job);
    this.emit('updated', structuredClone(entry.job));
    return entry.job;
  }

  finish(entry: ActiveJob, state: JobState, error: Job['error']): void {
    if (!this.active.has(entry.job.id)) return;
    stopTimers(entry);
    entry.controls = null;
    // Locks go before the event: a listener may submit the next job on the same volume.
    this.active.delete(entry.job.id);
    this.transition(entry, {
      state,
      error,
      cancelledBy: state === 'cancelled' ? (entry.cancel?.by ?? null) : null,
      endedAt: new Date(this.now()).toISOString(),
      progress: { ...entry.meter.snapshot(this.now(), entry.startedAtMs), timeRemaining: null },
    });
    this.recorder.ended(entry.job);
    this.pump(entry.job.hostId);
  }

  /** Persist, then emit: a client that refetches after the event sees the same job. */
  transition(entry: ActiveJob, change: Partial<Job>): void {
    const progress = entry.meter.snapshot(this.now(), entry.startedAtMs);
    entry.job = { ...entry.job, progress, ...change, seq: entry.job.seq + 1 };
    this.persist(entry.job);
    this.emit('updated', structuredClone(entry.job));
  }

  /** After submit, a failing disk must not kill the running job or the process: log it. */
  persist(job: Job, cleanupPending?: boolean): void {
    try {
      if (cleanupPending === undefined) this.store.update(job);
      else this.store.updateCleanup(job, cleanupPending);
    } catch (error) {
      this.logger.error({ jobId: job.id, err: error }, 'could not persist job');
    }
  }

  private start(entry: ActiveJob): void {
    entry.startedAtMs = this.now();
    this.transition(entry, {
      state: 'running',
      startedAt: new Date(entry.startedAtMs).toISOString(),
    });
    this.recorder.started(entry.job);
    this.runEntry(entry, entry.spec.run);
  }

  private fail(entry: ActiveJob, error: unknown): void {
    if (error instanceof JobCancelledError || entry.controller.signal.aborted) {
      this.finish(entry, 'cancelled', entry.cancel?.reason ?? null);
      return;
    }
    if (error instanceof JobInterruptedError && this.active.has(entry.job.id)) {
      // The link dropped: the host may still run its part (reconciled at its next connect).
      this.logger.warn({ jobId: entry.job.id, err: error }, 'job interrupted');
      this.interrupt(entry, error.message, error.cleaned);
      this.pump(entry.job.hostId);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const id = error instanceof AppError ? error.id : 'internal_error';
    // An AppError is an expected failure (libvirt said no); anything else is a bug.
    const level = error instanceof AppError ? 'warn' : 'error';
    this.logger[level]({ jobId: entry.job.id, err: error }, 'job failed');
    this.finish(entry, 'failed', { id, message });
  }
}
