import { z } from 'zod';
import { JobParamsSchema } from './job-params.js';

/**
 * Storage jobs: what libvirt gives domains (virDomainGetJobInfo / virDomainAbortJob) and
 * gives storage nothing of. Field names follow virDomainJobInfo on purpose, so admins read
 * them the way they read `virsh domjobinfo`.
 */
export const JobKindSchema = z.enum([
  'volume.create',
  'volume.clone',
  'volume.upload',
  'volume.download',
  'volume.wipe',
  'volume.resize',
  'volume.delete',
  'pool.define',
  'pool.build',
  'pool.start',
  'pool.stop',
  'pool.refresh',
  'pool.autostart',
  'pool.undefine',
  'pool.delete',
]);
export type JobKind = z.infer<typeof JobKindSchema>;

export const JobStateSchema = z.enum([
  'queued',
  'running',
  'cancelling',
  /** Held on the host (freezer or SIGSTOP): keeps its slot and locks; no byte moves. */
  'paused',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
  /**
   * A job started outside Poolwatch (origin external) whose host-side work is gone: the
   * host shows no exit status of libvirt's call, so Poolwatch cannot tell success.
   */
  'ended',
]);
export type JobState = z.infer<typeof JobStateSchema>;

export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running', 'paused', 'cancelling'];
export const isActiveJobState = (state: JobState): boolean => ACTIVE_JOB_STATES.includes(state);

const Count = z.number().int().nonnegative();

export const JobProgressSchema = z.object({
  /** bounded: dataTotal is known and dataProcessed is measured; unbounded: elapsed time only. */
  type: z.enum(['bounded', 'unbounded']),
  dataTotal: Count.nullable(),
  dataProcessed: Count.nullable(),
  dataRemaining: Count.nullable(),
  /** Milliseconds since the job started running (0 while queued). */
  timeElapsed: Count,
  /** Milliseconds, from the smoothed rate; null when not measurable yet. */
  timeRemaining: Count.nullable(),
  /** Bytes per second, smoothed; null when nothing is measured. */
  rate: z.number().nonnegative().nullable(),
  /** How the figures are measured, or why they cannot be ("stream bytes", "host probe: ..."). */
  source: z.string(),
  /**
   * When dataProcessed was measured at its source (epoch ms; the host's clock for host
   * probes), so a client can compare it with other samples taken at the same moment and
   * see how old a figure is. null until something is measured.
   */
  measuredAt: z.number().nullable().default(null),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobTargetSchema = z.object({
  pool: z.string(),
  volume: z.string().nullable(),
  targetPool: z.string().nullable(),
  targetVolume: z.string().nullable(),
});
export type JobTarget = z.infer<typeof JobTargetSchema>;

export const JobCleanupSchema = z.object({
  state: z.enum(['pending', 'done', 'failed']),
  /** When the host was reconciled (ISO), null while pending. */
  at: z.string().nullable(),
  /** One human line per thing stopped or removed, e.g. `stopped dd (pid 123) writing …`. */
  cleaned: z.array(z.string()),
  /** Why the clean-up could not finish (it is retried at the host's next connect). */
  error: z.string().nullable(),
});
export type JobCleanup = z.infer<typeof JobCleanupSchema>;

/**
 * Who started a job: Poolwatch, or someone else on the host (a terminal's virsh,
 * virt-manager) whose byte-moving storage work Poolwatch only observes.
 */
export const JobOriginSchema = z.enum(['poolwatch', 'external']);
export type JobOrigin = z.infer<typeof JobOriginSchema>;

/** A job's bandwidth limit and what enforces it on the host (issue 11). */
export const JobLimitsSchema = z.object({
  /** Bytes per second; null = no limit. */
  bytesPerSecond: z.number().int().positive().nullable(),
  /** What enforces it ("cgroup v1 blkio.throttle …", "cgroup v2 io.max …"); null when none is set. */
  enforcedBy: z.string().nullable(),
});
export type JobLimits = z.infer<typeof JobLimitsSchema>;

export const JobSchema = z.object({
  id: z.string(),
  /** Rows written before external jobs existed are Poolwatch's own. */
  origin: JobOriginSchema.default('poolwatch'),
  /** Grows with every change of this job (state or progress): clients drop older ones. */
  seq: Count,
  hostId: z.string(),
  kind: JobKindSchema,
  target: JobTargetSchema,
  state: JobStateSchema,
  progress: JobProgressSchema,
  cancellable: z.boolean(),
  /** Why a job cannot be cancelled (or what cancel leaves behind); null when nothing to say. */
  cancelNote: z.string().nullable(),
  error: z.object({ id: z.string(), message: z.string() }).nullable(),
  /**
   * The parameters the job was submitted with, typed per kind (job-params.ts): byte counts
   * are known as such. Old or unknown shapes read as `{ kind: 'unknown', values }`.
   */
  params: JobParamsSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** The user whose cancel ended the job; null for any other end (client gone, failure...). */
  cancelledBy: z.string().nullable().default(null),
  /** The user who submitted the job; null for jobs recorded before this was kept. */
  startedBy: z.string().nullable().default(null),
  /**
   * For an `interrupted` job: what Poolwatch found and stopped or removed on the host for it
   * (processes by their recorded argv, a target volume the job created). `pending` until the
   * host could be reached; null for jobs that were never interrupted.
   */
  cleanup: JobCleanupSchema.nullable().default(null),
  /**
   * When this BFF last (re)attached to the job's host-side work (ISO): set when detached
   * work starts on the host agent, and again when a restarted BFF or a new SSH link picks it
   * up. null for jobs whose work runs in the BFF's own processes (streams, short calls).
   */
  attachedAt: z.string().nullable().default(null),
  /** Whether pause/resume works for this job; pauseNote says why not (or how, once paused). */
  pausable: z.boolean().default(false),
  pauseNote: z.string().nullable().default(null),
  limits: JobLimitsSchema.default({ bytesPerSecond: null, enforcedBy: null }),
  /** Whether the bandwidth limit can be set or changed; limitNote says why not. */
  limitable: z.boolean().default(false),
  limitNote: z.string().nullable().default(null),
});
export type Job = z.infer<typeof JobSchema>;

export const JobProgressEventSchema = z.object({
  id: z.string(),
  seq: Count,
  progress: JobProgressSchema,
});
export type JobProgressEvent = z.infer<typeof JobProgressEventSchema>;
