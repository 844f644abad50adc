import type { Job } from '@poolwatch/shared';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ActiveJob, DefaultBandwidth } from './active-job.js';
import type { JobSpec } from './job-spec.js';
import type { JobRuns } from './job-runs.js';

/**
 * Pause, resume and live bandwidth limits (issue 11). The engine holds the state (`paused`
 * keeps the job's slot and locks); the job's runner registered how its host-side work is
 * held (JobControls); nothing is offered where nothing enforces it.
 */

const NOT_HELD =
  'nothing on the host can hold this work yet: it runs inside libvirt or streams through Poolwatch';
const NOT_LIMITED =
  'nothing on the host can limit this work yet: it runs inside libvirt or streams through Poolwatch';

/** The Job fields a spec decides (defaults: not offered, with the reason). */
export function controlFlags(spec: JobSpec) {
  const external = spec.origin === 'external';
  const pausable = !external && spec.pausable === true;
  const limitable = !external && spec.limitable === true;
  const outside = 'started outside Poolwatch: only observed';
  return {
    pausable,
    pauseNote: pausable ? null : (spec.pauseNote ?? (external ? outside : NOT_HELD)),
    limitable,
    limitNote: limitable ? null : (spec.limitNote ?? (external ? outside : NOT_LIMITED)),
    limits: { bytesPerSecond: spec.bandwidth ?? null, enforcedBy: null },
  };
}

/** A bandwidth at submit on a path that cannot enforce it is refused before a job exists. */
export function refuseUnenforceable(spec: JobSpec): void {
  const flags = controlFlags(spec);
  if (spec.bandwidth != null && !flags.limitable)
    throw new ConflictError('job_not_limitable', `a bandwidth limit: ${flags.limitNote}`);
}

/**
 * The configured defaults (host, then the pools the job touches) join the request's own
 * limit, the smallest winning, for limitable work only: a default never makes a job that
 * nothing can limit fail. Live changes (limitJob) may then set anything.
 */
export function withDefaultLimit(spec: JobSpec, defaults?: DefaultBandwidth): JobSpec {
  if (!defaults || !controlFlags(spec).limitable) return spec;
  const pools = [spec.target.pool, spec.target.targetPool].filter((p): p is string => p !== null);
  const configured = defaults(spec.hostId, pools);
  if (configured === null) return spec;
  return { ...spec, bandwidth: Math.min(spec.bandwidth ?? configured, configured) };
}

const mbps = (bps: number | null) =>
  bps === null ? 'no limit' : `${Math.round((bps / 1048576) * 10) / 10} MiB/s`;

function activeOrThrow(runs: JobRuns, id: string, errorId: string): ActiveJob {
  const entry = runs.active.get(id);
  if (entry) return entry;
  const stored = runs.store.get(id);
  if (!stored) throw new NotFoundError(`no job with id ${JSON.stringify(id)}`);
  throw new ConflictError(errorId, `job ${id} is already ${stored.state}`);
}

function controlsOrThrow(entry: ActiveJob, errorId: string) {
  if (entry.controls) return entry.controls;
  throw new ConflictError(
    errorId,
    `job ${entry.job.id} is not attached to its host-side work right now (starting or re-attaching): try again`,
  );
}

async function onHost<T>(errorId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new ConflictError(errorId, error instanceof Error ? error.message : String(error));
  }
}

export async function pauseJob(runs: JobRuns, id: string, by: string | null): Promise<Job> {
  const entry = activeOrThrow(runs, id, 'job_not_pausable');
  const { job } = entry;
  if (!job.pausable) throw new ConflictError('job_not_pausable', job.pauseNote ?? 'not pausable');
  if (job.state === 'paused') return structuredClone(job);
  if (job.state !== 'running')
    throw new ConflictError('job_not_pausable', `job ${id} is ${job.state}`);
  const controls = controlsOrThrow(entry, 'job_not_pausable');
  const how = await onHost('job_not_pausable', () => controls.pause());
  if (runs.active.get(id) !== entry || entry.job.state !== 'running')
    return structuredClone(entry.job);
  entry.meter.hold();
  runs.transition(entry, { state: 'paused', pauseNote: `held by ${how}` });
  runs.recorder.control(entry.job, 'paused', by, `paused (${how})`);
  return structuredClone(entry.job);
}

export async function resumeJob(runs: JobRuns, id: string, by: string | null): Promise<Job> {
  const entry = activeOrThrow(runs, id, 'job_not_pausable');
  if (entry.job.state === 'running') return structuredClone(entry.job);
  if (entry.job.state !== 'paused')
    throw new ConflictError('job_not_pausable', `job ${id} is ${entry.job.state}`);
  const controls = controlsOrThrow(entry, 'job_not_pausable');
  const how = await onHost('job_not_pausable', () => controls.resume());
  if (runs.active.get(id) !== entry || entry.job.state !== 'paused')
    return structuredClone(entry.job);
  entry.meter.release();
  runs.transition(entry, { state: 'running', pauseNote: null });
  runs.recorder.control(entry.job, 'resumed', by, `resumed (${how})`);
  return structuredClone(entry.job);
}

export async function limitJob(
  runs: JobRuns,
  id: string,
  bytesPerSecond: number | null,
  by: string | null,
): Promise<Job> {
  const entry = activeOrThrow(runs, id, 'job_not_limitable');
  const { job } = entry;
  if (!job.limitable)
    throw new ConflictError('job_not_limitable', job.limitNote ?? 'not limitable');
  const old = job.limits.bytesPerSecond;
  let enforcedBy: string | null = null;
  if (job.state === 'running' || job.state === 'paused') {
    const controls = controlsOrThrow(entry, 'job_not_limitable');
    enforcedBy = await onHost('job_not_limitable', () => controls.limit(bytesPerSecond));
  } else if (job.state !== 'queued') {
    throw new ConflictError('job_not_limitable', `job ${id} is ${job.state}`);
  }
  if (runs.active.get(id) !== entry) return structuredClone(entry.job);
  // Queued: the runner applies it before its first byte (ctx.bandwidth).
  const limits = { bytesPerSecond, enforcedBy: bytesPerSecond === null ? null : enforcedBy };
  runs.transition(entry, { limits });
  runs.recorder.control(
    entry.job,
    'limit-changed',
    by,
    `limit ${mbps(old)} → ${mbps(bytesPerSecond)}`,
  );
  return structuredClone(entry.job);
}
