import { EventEmitter } from 'node:events';
import type { Job } from '@poolwatch/shared';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import { isDetached, JobCancelledError, type JobHandle, type JobSpec } from './job-spec.js';
import {
  limitJob,
  pauseJob,
  refuseUnenforceable,
  resumeJob,
  withDefaultLimit,
} from './job-controls.js';
import { isResumable } from './job-rows.js';
import type { JobRecorder } from './job-recorder.js';
import { JobRuns } from './job-runs.js';
import type { JobListOptions, JobPage, JobStore, PendingCleanup } from './job-store.js';
import { ProgressMeter } from './progress-meter.js';
import {
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
  private readonly runs: JobRuns;
  private readonly store: JobStore;
  private readonly now: () => number;
  private readonly active: Map<string, ActiveJob>;
  private readonly recorder: JobRecorder;
  private readonly defaultBandwidth: JobEngineOptions['defaultBandwidth'];

  constructor(options: JobEngineOptions) {
    super();
    this.defaultBandwidth = options.defaultBandwidth;
    this.runs = new JobRuns(options, this.emit.bind(this));
    this.store = this.runs.store;
    this.now = this.runs.now;
    this.active = this.runs.active;
    this.recorder = this.runs.recorder;
    // Jobs that were active when Poolwatch stopped (the reconciler cleans their hosts),
    // except those whose work runs detached on the host: they stay active, with their locks
    // and slot, until the reconciler re-attaches them (adopt).
    const now = new Date(this.now());
    const interrupted = this.store.markInterrupted(now, (_, h) => isDetached(h)).map((j) => j.id);
    if (interrupted.length > 0) this.runs.logger.warn({ jobs: interrupted }, 'jobs interrupted');
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
    if (!entry?.awaiting || this.runs.stopped) return false;
    entry.awaiting = false;
    if (entry.job.state === 'cancelling') entry.controller.abort(new JobCancelledError());
    this.runs.runEntry(entry, run);
    return true;
  }

  /** `by`: the user who submitted it (Job.startedBy, the timeline's "queued by"). */
  submit(asked: JobSpec, { by }: { by?: string } = {}): Job {
    if (this.runs.stopped) throw new AppError('shutting_down', 503, 'Poolwatch is shutting down');
    // Write-vs-anything on the same key conflicts with any active job (queued ones too).
    const conflict = findConflict([...this.active.values()], asked.locks);
    if (conflict) throw conflict;
    refuseUnenforceable(asked);
    const spec = withDefaultLimit(asked, this.defaultBandwidth);
    const meter = new ProgressMeter(spec.source);
    const job = newJob(spec, meter, this.now(), by);
    // Persist first: if the disk refuses, nothing was created and the caller gets the error.
    this.store.insert(job);
    this.recorder.queued(job);
    this.active.set(job.id, newEntry(job, spec, meter));
    this.emit('updated', structuredClone(job));
    // Next microtask: the caller answers "queued" before the runner has done anything.
    queueMicrotask(() => this.runs.pump(job.hostId));
    return structuredClone(job);
  }

  /**
   * Runs a resumable upload left active by a previous process (store.detachedResumable) again
   * under its own id: locks, queue and events as for a new job; its params carry the offset.
   */
  adoptResumable(stored: Job, handles: readonly JobHandle[], spec: JobSpec): Job {
    if (this.runs.stopped) throw new AppError('shutting_down', 503, 'Poolwatch is shutting down');
    const conflict = findConflict([...this.active.values()], spec.locks);
    if (conflict) throw conflict;
    const meter = new ProgressMeter(spec.source);
    const job: Job = { ...stored, state: 'queued', seq: stored.seq + 1 };
    const entry = newEntry(job, spec, meter);
    entry.handles = [...handles];
    this.active.set(job.id, entry);
    this.runs.persist(job);
    this.emit('updated', structuredClone(job));
    queueMicrotask(() => this.runs.pump(job.hostId));
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
    // A paused job is cancelled like a running one: the host thaws it to deliver the SIGTERM.
    const live = job.state === 'running' || job.state === 'paused';
    if (job.state === 'queued' || live) {
      entry.cancel = options;
      this.recorder.cancelRequested(job, options);
    }
    if (job.state === 'queued') {
      this.runs.finish(entry, 'cancelled', options.reason ?? null);
    } else if (live) {
      this.runs.transition(entry, { state: 'cancelling' });
      // After the event: a runner that throws synchronously on abort still ends up cancelled.
      entry.controller.abort(new JobCancelledError());
    }
    return structuredClone(entry.job);
  }

  /** Holds a running job on its host (202 with the job; 409 with the reason otherwise). */
  pause = (id: string, by: string | null = null) => pauseJob(this.runs, id, by);
  resume = (id: string, by: string | null = null) => resumeJob(this.runs, id, by);
  /** Sets (null: lifts) the job's bandwidth limit, live when it runs. */
  setLimit = (id: string, bytesPerSecond: number | null, by: string | null = null) =>
    limitJob(this.runs, id, bytesPerSecond, by);

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
    this.runs.stopped = true;
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
      .map((entry) => this.runs.interrupt(entry, null));
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
}
