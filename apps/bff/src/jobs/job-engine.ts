import { EventEmitter } from 'node:events';
import type { Job, JobState } from '@poolwatch/shared';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  isDetached,
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
import { ProgressThrottle } from './progress-throttle.js';
import {
  contextFor,
  findConflict,
  keptEntry,
  newEntry,
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
  private readonly throttle: ProgressThrottle;
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
    // Jobs that were active when Poolwatch stopped (the reconciler cleans their hosts),
    // except those whose work runs detached on the host: they stay active, with their locks
    // and slot, until the reconciler re-attaches them (adopt).
    const now = new Date(this.now());
    const interrupted = this.store.markInterrupted(now, (_, h) => isDetached(h)).map((j) => j.id);
    if (interrupted.length > 0) this.logger.warn({ jobs: interrupted }, 'jobs interrupted');
    for (const kept of this.store.keptAtStart) this.active.set(kept.job.id, keptEntry(kept));
  }

  /** Active jobs whose detached host-side work waits for this BFF to re-attach. */
  awaitingAttach(hostId: string): PendingCleanup[] {
    return [...this.active.values()]
      .filter((e) => e.job.hostId === hostId && e.awaiting)
      .map((e) => ({ job: structuredClone(e.job), handles: structuredClone(e.handles) }));
  }

  /** Re-attaches a kept job: `run` follows its host-side work to the end (same job id). */
  adopt(id: string, run: JobSpec['run']): boolean {
    const entry = this.active.get(id);
    if (!entry?.awaiting || this.stopped) return false;
    entry.awaiting = false;
    if (entry.job.state === 'cancelling') entry.controller.abort(new JobCancelledError());
    this.runEntry(entry, run);
    return true;
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
  adoptResumable(stored: Job, handles: readonly JobHandle[], spec: JobSpec): Job {
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
   * Jobs whose work runs detached on the host are left running: the next start re-attaches.
   */
  interruptAll(): Job[] {
    this.shutdown();
    // Left as they are stored, for the next start to pick up: detached host work (re-attached)
    // and resumable uploads (adopted when their client resumes).
    return [...this.active.values()]
      .filter((e) => e.job.state === 'queued' || !isDetached(e.handles))
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
    this.runEntry(entry, entry.spec.run);
  }

  private runEntry(entry: ActiveJob, runner: JobSpec['run']): void {
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

  /** Ends an active job as `interrupted` (cleanup pending when it recorded handles). */
  private interrupt(entry: ActiveJob, message: string | null, cleaned?: string[]): Job {
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
