import { randomUUID } from 'node:crypto';
import type { Job, JobProgressEvent } from '@poolwatch/shared';
import { ConflictError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JobContext, JobControls, JobHandle, JobLock, JobSpec } from './job-spec.js';
import { controlFlags } from './job-controls.js';
import { newSampleState, type SampleState } from './job-recorder.js';
import type { JobStore } from './job-store.js';
import { ProgressMeter } from './progress-meter.js';

export interface JobEngineEvents {
  /** Every state change (never throttled), after it is persisted. */
  updated: [Job];
  /** Live figures of a running/cancelling job, at most one per progressIntervalMs per job. */
  progress: [JobProgressEvent];
}

/** In-memory state of a queued/running/cancelling job; `job` is the freshest version. */
/** bytes/s, or null when neither the host nor any of the pools sets one. */
export type DefaultBandwidth = (hostId: string, pools: readonly string[]) => number | null;

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
  /** The configured default limit for a job on a host touching these pools (config.ts). */
  defaultBandwidth?: DefaultBandwidth;
}

export interface ActiveJob {
  job: Job;
  spec: JobSpec;
  meter: ProgressMeter;
  controller: AbortController;
  startedAtMs: number | null;
  lastEmitMs: number;
  trailing: NodeJS.Timeout | null;
  tick: NodeJS.Timeout | null;
  handles: JobHandle[];
  /** Set by cancel(): who, or why when no user asked (client gone, stalled stream). */
  cancel: CancelOptions | null;
  /** When the last progress sample was recorded, and the next milestone. */
  samples: SampleState;
  /** Kept at start (detached host work): no runner until the reconciler adopts it. */
  awaiting: boolean;
  /** The running work's pause/resume/limit handlers (ctx.controls); null until registered. */
  controls: JobControls | null;
}

export interface CancelOptions {
  /** The user who asked; shown in history as `cancelled by <user>`. */
  by?: string;
  /** Why, when no user asked (the HTTP client went away, the stream stalled). */
  reason?: { id: string; message: string };
}

/** Write-vs-anything on the same key conflicts with any active job (queued ones too). */
export function findConflict(
  active: Iterable<ActiveJob>,
  locks: readonly JobLock[],
): ConflictError | null {
  for (const lock of locks) {
    for (const { job, spec } of active) {
      const held = spec.locks.find(
        (h) => h.key === lock.key && (h.mode === 'write' || lock.mode === 'write'),
      );
      if (held) {
        return new ConflictError(
          'conflict',
          `${lock.label} is in use by job ${job.id} (${job.kind}, ${job.state})`,
        );
      }
    }
  }
  return null;
}

export function stopTimers(entry: ActiveJob): void {
  if (entry.trailing) clearTimeout(entry.trailing);
  if (entry.tick) clearInterval(entry.tick);
  entry.trailing = null;
  entry.tick = null;
}

/** A freshly submitted job, as history will show it (queued, nothing measured). */
export function newJob(
  spec: JobSpec,
  meter: ProgressMeter,
  nowMs: number,
  startedBy?: string,
): Job {
  return {
    id: randomUUID(),
    origin: spec.origin ?? 'poolwatch',
    seq: 1,
    hostId: spec.hostId,
    kind: spec.kind,
    target: { ...spec.target },
    state: 'queued',
    progress: meter.snapshot(nowMs, null),
    cancellable: spec.cancellable,
    cancelNote: spec.cancelNote,
    error: null,
    // Stored as JSON anyway: keep in memory exactly what history will show.
    params: JSON.parse(JSON.stringify(spec.params)) as Job['params'],
    startedBy: startedBy ?? null,
    createdAt: new Date(nowMs).toISOString(),
    startedAt: null,
    endedAt: null,
    cancelledBy: null,
    cleanup: null,
    attachedAt: null,
    ...controlFlags(spec),
  };
}

export function newEntry(job: Job, spec: JobSpec, meter: ProgressMeter): ActiveJob {
  return {
    job,
    spec,
    meter,
    controller: new AbortController(),
    startedAtMs: null,
    lastEmitMs: -Infinity,
    trailing: null,
    tick: null,
    handles: [],
    cancel: null,
    samples: newSampleState(),
    awaiting: false,
    controls: null,
  };
}

/**
 * A job a previous BFF left running with detached host-side work: active again with the
 * locks and per-host slot it held (from its detached-work handle), awaiting re-attach.
 */
export function keptEntry({ job, handles }: { job: Job; handles: JobHandle[] }): ActiveJob {
  const work = handles.find((h) => h.kind === 'detached-work');
  const spec: JobSpec = {
    hostId: job.hostId,
    kind: job.kind,
    target: job.target,
    // The job was submitted by a builder, so its params were typed then; only rows older than
    // typed params read back as 'unknown', and a kept job's params are never used to run.
    params: job.params as JobSpec['params'],
    movesBytes: true,
    cancellable: job.cancellable,
    cancelNote: job.cancelNote,
    locks: work?.locks ?? [],
    source: work?.source ?? job.progress.source,
    run: () => Promise.reject(new Error('a kept job runs only once adopted')),
  };
  const meter = new ProgressMeter(spec.source, work?.total ?? job.progress.dataTotal);
  const entry = newEntry(job, spec, meter);
  entry.handles = [...handles];
  entry.awaiting = true;
  entry.startedAtMs = job.startedAt === null ? null : Date.parse(job.startedAt);
  if (job.state === 'paused') meter.hold();
  return entry;
}

/** Persists a handle before the runner relies on it: a crash right after must find it. */
export function recordHandle(store: JobStore, logger: Logger, entry: ActiveJob, handle: JobHandle) {
  // A re-adopted job must hold the same locks again: they travel with its detached work.
  entry.handles.push(
    handle.kind === 'detached-work' ? { ...handle, locks: entry.spec.locks } : handle,
  );
  try {
    store.setHandles(entry.job.id, entry.handles);
  } catch (error) {
    logger.error({ jobId: entry.job.id, err: error }, 'could not record a handle');
  }
}

/** What a runner sees of the engine (JobContext), for one active job. */
export function contextFor(
  entry: ActiveJob,
  deps: {
    logger: Logger;
    store: JobStore;
    now: () => number;
    /** `firstFigure`: the first measured byte of this job (not throttled). */
    reported: (firstFigure: boolean) => void;
    attached: (atIso: string) => void;
  },
): Omit<JobContext, 'updateParams' | 'controls' | 'bandwidth' | 'limited' | 'offer'> {
  const { job, meter, controller } = entry;
  return {
    jobId: job.id,
    signal: controller.signal,
    logger: deps.logger.child({ jobId: job.id, kind: job.kind, hostId: job.hostId }),
    measure: (source, total) => meter.measure(source, total),
    report: (processed, atMs) => {
      const shown = entry.job.progress.dataProcessed;
      meter.report(processed, atMs ?? deps.now());
      deps.reported(processed > 0 && (shown === null || shown === 0));
    },
    record: (handle) => recordHandle(deps.store, deps.logger, entry, handle),
    attached: () => deps.attached(new Date(deps.now()).toISOString()),
  };
}
