import { EventEmitter } from 'node:events';
import type { Job, JobState } from '@poolwatch/shared';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  JobCancelledError,
  JobInterruptedError,
  type JobContext,
  type JobHandle,
  type JobSpec,
} from './job-spec.js';
import { JobRecorder } from './job-recorder.js';
import {
  interruptedJob,
  isResumable,
  type JobListOptions,
  type JobPage,
  type JobStore,
  type PendingCleanup,
} from './job-store.js';
import { ProgressMeter } from './progress-meter.js';
import {
  findConflict,
  newEntry,
  jobContext,
  newJob,
  stopTimers,
  type ActiveJob,
  type CancelOptions,
  type JobEngineEvents,
  type JobEngineOptions,
} from './active-job.js';

export type { CancelOptions, JobEngineEvents, JobEngineOptions } from './active-job.js';

/**
 * Runs JobSpecs: per-host limits for byte-moving work, resource locks, cancel, throttled
 * progress, and a history that survives restarts. Knows nothing of virsh, HTTP or sockets:
 * the realtime module fans its events out.
 */
export class JobEngine extends EventEmitter<JobEngineEvents> {
  private readonly store: JobStore;
  private readonly logger: Logger;
  private readonly maxBytesMoving: number;
  private readonly now: () => number;
  private readonly progressIntervalMs: number;
  private readonly tickIntervalMs: number;
  /** Insertion order = submission order, which the per-host FIFO relies on. */
  private readonly active = new Map<string, ActiveJob>();
  private readonly recorder: JobRecorder;
  private stopped = false;

  constructor(options: JobEngineOptions) {
    super();
    this.store = options.store;
    this.logger = options.logger.child({ module: 'jobs' });
    this.maxBytesMoving = options.maxBytesMovingPerHost ?? 2;
    // Read Date.now at call time so fake timers installed later still apply.
    this.now = options.now ?? (() => Date.now());
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.tickIntervalMs = options.tickIntervalMs ?? 500;
    this.recorder = new JobRecorder(this.store.log, this.logger, this.now);
    // Jobs that were active when Poolwatch stopped (the reconciler cleans their hosts).
    const interrupted = this.store.markInterrupted(new Date(this.now())).map((j) => j.id);
    if (interrupted.length > 0) this.logger.warn({ jobs: interrupted }, 'jobs interrupted');
  }

  /** `by`: the user who submitted it (Job.startedBy, the timeline's "queued by"). */
  submit(spec: JobSpec, { by }: { by?: string } = {}): Job {
    if (this.stopped) throw new AppError('shutting_down', 503, 'Poolwatch is shutting down');
    // Write-vs-anything on the same key conflicts with any active job (queued ones too).
    const conflict = findConflict([...this.active.values()], spec.locks);
    if (conflict) throw conflict;
    const meter = new ProgressMeter(spec.source);
    const job = newJob(spec, meter, this.now(), by);
    // Persist first: if the disk refuses, nothing was created and the caller gets the error.
    this.store.insert(job);
    this.recorder.queued(job);
    this.active.set(job.id, newEntry(job, spec, meter));
    this.emit('updated', structuredClone(job));
    // Next microtask: the caller answers "queued" before the runner has done anything.
    queueMicrotask(() => this.pump(job.hostId));
    return structuredClone(job);
  }

  /**
   * Runs a resumable upload left active by a previous process (store.detachedResumable) again
   * under its own id: locks, queue and events as for a new job; its params carry the offset.
   */
  adopt(stored: Job, handles: readonly JobHandle[], spec: JobSpec): Job {
    if (this.stopped) throw new AppError('shutting_down', 503, 'Poolwatch is shutting down');
    const conflict = findConflict([...this.active.values()], spec.locks);
    if (conflict) throw conflict;
    const meter = new ProgressMeter(spec.source);
    const job: Job = { ...stored, state: 'queued', seq: stored.seq + 1 };
    const entry = newEntry(job, spec, meter);
    entry.handles = [...handles];
    this.active.set(job.id, entry);
    this.persist(job);
    this.emit('updated', structuredClone(job));
    queueMicrotask(() => this.pump(job.hostId));
    return structuredClone(job);
  }

  /** Resumable uploads the previous process left active (to adopt once their host is known). */
  detachedResumable(): PendingCleanup[] {
    return this.store.detachedResumable().filter(({ job }) => !this.active.has(job.id));
  }

  cancel(id: string, options: CancelOptions = {}): Job {
    const entry = this.active.get(id);
    if (!entry) {
      const stored = this.store.get(id);
      if (!stored) throw new NotFoundError(`no job with id ${JSON.stringify(id)}`);
      throw new ConflictError('job_not_cancellable', `job ${id} is already ${stored.state}`);
    }
    const { job } = entry;
    if (!job.cancellable) {
      throw new ConflictError(
        'job_not_cancellable',
        job.cancelNote ?? `job ${id} cannot be cancelled`,
      );
    }
    if (job.state === 'queued' || job.state === 'running') {
      entry.cancel = options;
      this.recorder.cancelRequested(job, options);
    }
    if (job.state === 'queued') {
      this.finish(entry, 'cancelled', options.reason ?? null);
    } else if (job.state === 'running') {
      this.transition(entry, { state: 'cancelling' });
      // After the event: a runner that throws synchronously on abort still ends up cancelled.
      entry.controller.abort(new JobCancelledError());
    }
    return structuredClone(entry.job);
  }

  get(id: string): Job | null {
    const entry = this.active.get(id);
    return entry ? structuredClone(entry.job) : this.store.get(id);
  }

  /** Newest first, from the store, with in-memory versions for active jobs (see page). */
  list(options: JobListOptions): Job[] {
    return this.page(options).jobs;
  }

  /** A filtered page of history (persisted at every emission) and the next page's cursor. */
  page(options: JobListOptions): JobPage {
    const page = this.store.page(options);
    const jobs = page.jobs.map((job) => {
      const entry = this.active.get(job.id);
      return entry ? structuredClone(entry.job) : job;
    });
    return { jobs, nextCursor: page.nextCursor };
  }

  /** What happened to a job and its progress samples; null when there is no such job. */
  timeline = (id: string) => (this.get(id) ? this.recorder.timeline(id) : null);

  /** Newest first, like list(). */
  activeJobs(hostId?: string): Job[] {
    return [...this.active.values()]
      .filter((e) => hostId === undefined || e.job.hostId === hostId)
      .map((e) => structuredClone(e.job))
      .reverse();
  }

  /** Stops timers and starting. Running jobs are not cancelled: next start marks them interrupted. */
  shutdown(): void {
    this.stopped = true;
    for (const entry of this.active.values()) stopTimers(entry);
  }

  /**
   * Graceful stop (SIGTERM): every active job becomes `interrupted` as the next start would
   * mark it; its runner is detached. The reconciler then cleans the host, as at start.
   */
  interruptAll(): Job[] {
    this.shutdown();
    // A resumable upload is left as it is stored: the next start adopts it.
    return [...this.active.values()]
      .filter((entry) => !isResumable(entry.job))
      .map((entry) => this.interrupt(entry, null));
  }

  /** Interrupted jobs of a host whose host-side leftovers are still to be reconciled. */
  pendingCleanups(hostId: string): PendingCleanup[] {
    return this.store.pendingCleanups(hostId);
  }

  /** The reconciler's verdict: the job says what was cleaned; pending stays for a retry. */
  settleCleanup(job: Job, cleanup: NonNullable<Job['cleanup']>, message: string): Job {
    const settled = this.store.settleCleanup(job, cleanup, message);
    this.emit('updated', structuredClone(settled));
    return settled;
  }

  /** Starts what may start on a host: non-byte jobs at once, byte movers up to the limit. */
  private pump(hostId: string): void {
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

  private start(entry: ActiveJob): void {
    entry.startedAtMs = this.now();
    this.transition(entry, {
      state: 'running',
      startedAt: new Date(entry.startedAtMs).toISOString(),
    });
    this.recorder.started(entry.job);
    const ctx: JobContext = {
      ...jobContext(entry, this.store, this.logger, this.now, () => this.requestProgress(entry)),
      updateParams: (change) => {
        entry.job = { ...entry.job, params: { ...entry.job.params, ...change } };
        this.transition(entry, {});
      },
    };
    entry.tick = setInterval(() => this.requestProgress(entry), this.tickIntervalMs);
    let run: Promise<void>;
    try {
      run = entry.spec.run(ctx);
    } catch (error) {
      run = Promise.reject(error);
    }
    run.then(
      () => this.finish(entry, 'succeeded', null),
      (error: unknown) => this.fail(entry, error),
    );
  }

  private fail(entry: ActiveJob, error: unknown): void {
    if (error instanceof JobCancelledError || entry.controller.signal.aborted) {
      this.finish(entry, 'cancelled', entry.cancel?.reason ?? null);
      return;
    }
    if (error instanceof JobInterruptedError && this.active.has(entry.job.id)) {
      // The link dropped: the host may still run its part (reconciled at its next connect).
      this.logger.warn({ jobId: entry.job.id, err: error }, 'job interrupted');
      this.interrupt(entry, error.message);
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

  /** Ends an active job as `interrupted` (cleanup pending when it recorded handles). */
  private interrupt(entry: ActiveJob, message: string | null): Job {
    stopTimers(entry);
    this.active.delete(entry.job.id);
    const job = interruptedJob(entry.job, entry.handles, new Date(this.now()));
    entry.job = message === null ? job : { ...job, error: { id: 'job_interrupted', message } };
    this.persist(entry.job, job.cleanup?.state === 'pending');
    this.recorder.ended(entry.job);
    this.emit('updated', structuredClone(entry.job));
    return entry.job;
  }

  private finish(entry: ActiveJob, state: JobState, error: Job['error']): void {
    if (!this.active.has(entry.job.id)) return;
    stopTimers(entry);
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
  private transition(entry: ActiveJob, change: Partial<Job>): void {
    const progress = entry.meter.snapshot(this.now(), entry.startedAtMs);
    entry.job = { ...entry.job, progress, ...change, seq: entry.job.seq + 1 };
    this.persist(entry.job);
    this.emit('updated', structuredClone(entry.job));
  }

  /** Throttle: emit now if the last emission is old enough, else once at the end of the gap. */
  private requestProgress(entry: ActiveJob): void {
    if (this.stopped || entry.trailing !== null) return;
    const wait = entry.lastEmitMs + this.progressIntervalMs - this.now();
    if (wait <= 0) {
      this.emitProgress(entry);
      return;
    }
    entry.trailing = setTimeout(() => {
      entry.trailing = null;
      this.emitProgress(entry);
    }, wait);
  }

  private emitProgress(entry: ActiveJob): void {
    const { job } = entry;
    if (job.state !== 'running' && job.state !== 'cancelling') return;
    if (!this.active.has(job.id)) return;
    entry.lastEmitMs = this.now();
    const progress = entry.meter.snapshot(entry.lastEmitMs, entry.startedAtMs);
    entry.job = { ...job, progress, seq: job.seq + 1 };
    // Persisting every event (≤ 4 Hz per job, WAL) keeps seq monotonic across a restart:
    // an `interrupted` job must carry a seq above the last one clients saw.
    this.persist(entry.job);
    this.recorder.progress(entry.job, entry.samples, entry.lastEmitMs);
    this.emit('progress', { id: job.id, seq: entry.job.seq, progress: structuredClone(progress) });
  }

  /** After submit, a failing disk must not kill the running job or the process: log it. */
  private persist(job: Job, cleanupPending?: boolean): void {
    try {
      if (cleanupPending === undefined) this.store.update(job);
      else this.store.updateCleanup(job, cleanupPending);
    } catch (error) {
      this.logger.error({ jobId: job.id, err: error }, 'could not persist job');
    }
  }
}
