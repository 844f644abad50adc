import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Job, JobProgressEvent, JobState } from '@poolwatch/shared';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import { JobCancelledError, type JobContext, type JobLock, type JobSpec } from './job-spec.js';
import type { JobListOptions, JobStore } from './job-store.js';
import { ProgressMeter } from './progress-meter.js';

export interface JobEngineEvents {
  /** Every state change (never throttled), after it is persisted. */
  updated: [Job];
  /** Live figures of a running/cancelling job, at most one per progressIntervalMs per job. */
  progress: [JobProgressEvent];
}

export interface JobEngineOptions {
  store: JobStore;
  logger: Logger;
  /** Byte-moving jobs running at once per host; more wait queued (FIFO). */
  maxBytesMovingPerHost?: number;
  now?: () => number;
  /** Minimum gap between two progress events of one job (250 ms = 4 Hz on the wire). */
  progressIntervalMs?: number;
  /** A running job emits at least this often, so timeElapsed moves even when unbounded. */
  tickIntervalMs?: number;
}

/** In-memory state of a queued/running/cancelling job; `job` is the freshest version. */
interface ActiveJob {
  job: Job;
  spec: JobSpec;
  meter: ProgressMeter;
  controller: AbortController;
  startedAtMs: number | null;
  lastEmitMs: number;
  trailing: NodeJS.Timeout | null;
  tick: NodeJS.Timeout | null;
}

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
    const interrupted = this.store.markInterrupted(new Date(this.now()));
    if (interrupted.length > 0) {
      this.logger.warn({ jobs: interrupted.map((j) => j.id) }, 'marked jobs interrupted');
    }
  }

  submit(spec: JobSpec): Job {
    if (this.stopped) throw new AppError('shutting_down', 503, 'Poolwatch is shutting down');
    this.checkLocks(spec.locks);
    const meter = new ProgressMeter(spec.source);
    const job: Job = {
      id: randomUUID(),
      seq: 1,
      hostId: spec.hostId,
      kind: spec.kind,
      target: { ...spec.target },
      state: 'queued',
      progress: meter.snapshot(this.now(), null),
      cancellable: spec.cancellable,
      cancelNote: spec.cancelNote,
      error: null,
      // Stored as JSON anyway: keep in memory exactly what history will show.
      params: JSON.parse(JSON.stringify(spec.params)) as Record<string, unknown>,
      createdAt: new Date(this.now()).toISOString(),
      startedAt: null,
      endedAt: null,
    };
    // Persist first: if the disk refuses, nothing was created and the caller gets the error.
    this.store.insert(job);
    this.active.set(job.id, {
      job,
      spec,
      meter,
      controller: new AbortController(),
      startedAtMs: null,
      lastEmitMs: -Infinity,
      trailing: null,
      tick: null,
    });
    this.emit('updated', structuredClone(job));
    // Next microtask: the caller answers "queued" before the runner has done anything.
    queueMicrotask(() => this.pump(job.hostId));
    return structuredClone(job);
  }

  cancel(id: string): Job {
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
    if (job.state === 'queued') {
      this.finish(entry, 'cancelled', null);
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

  /** From the store (persisted at every emission), with in-memory versions for active jobs. */
  list(options: JobListOptions): Job[] {
    return this.store.list(options).map((job) => {
      const entry = this.active.get(job.id);
      return entry ? structuredClone(entry.job) : job;
    });
  }

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

  /** Write-vs-anything on the same key conflicts with any active job (queued ones too). */
  private checkLocks(locks: JobLock[]): void {
    for (const lock of locks) {
      for (const { job, spec } of this.active.values()) {
        const held = spec.locks.find(
          (h) => h.key === lock.key && (h.mode === 'write' || lock.mode === 'write'),
        );
        if (held) {
          throw new ConflictError(
            'conflict',
            `${lock.label} is in use by job ${job.id} (${job.kind}, ${job.state})`,
          );
        }
      }
    }
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
    const { job, meter, controller } = entry;
    const ctx: JobContext = {
      signal: controller.signal,
      logger: this.logger.child({ jobId: job.id, kind: job.kind, hostId: job.hostId }),
      measure: (source, total) => meter.measure(source, total),
      report: (processed, atMs) => {
        meter.report(processed, atMs ?? this.now());
        this.requestProgress(entry);
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
      this.finish(entry, 'cancelled', null);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const id = error instanceof AppError ? error.id : 'internal_error';
    // An AppError is an expected failure (libvirt said no); anything else is a bug.
    const level = error instanceof AppError ? 'warn' : 'error';
    this.logger[level]({ jobId: entry.job.id, err: error }, 'job failed');
    this.finish(entry, 'failed', { id, message });
  }

  private finish(entry: ActiveJob, state: JobState, error: Job['error']): void {
    if (!this.active.has(entry.job.id)) return;
    stopTimers(entry);
    // Locks go before the event: a listener may submit the next job on the same volume.
    this.active.delete(entry.job.id);
    this.transition(entry, {
      state,
      error,
      endedAt: new Date(this.now()).toISOString(),
      progress: { ...entry.meter.snapshot(this.now(), entry.startedAtMs), timeRemaining: null },
    });
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
    this.emit('progress', { id: job.id, seq: entry.job.seq, progress: structuredClone(progress) });
  }

  /** After submit, a failing disk must not kill the running job or the process: log it. */
  private persist(job: Job): void {
    try {
      this.store.update(job);
    } catch (error) {
      this.logger.error({ jobId: job.id, err: error }, 'could not persist job');
    }
  }
}

function stopTimers(entry: ActiveJob): void {
  if (entry.trailing) clearTimeout(entry.trailing);
  if (entry.tick) clearInterval(entry.tick);
  entry.trailing = null;
  entry.tick = null;
}
