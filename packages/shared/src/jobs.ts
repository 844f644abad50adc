import { z } from 'zod';
import { JobParamsSchema } from './job-params.js';
import { NewPoolNameSchema, NewVolumeNameSchema, PoolNameSchema } from './names.js';
import { poolTargetProblem } from './pool-paths.js';
import { MAX_EXACT_BYTES, SIZE_RULE } from './sizes.js';

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

export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running', 'cancelling'];
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
});
export type Job = z.infer<typeof JobSchema>;

export const JobProgressEventSchema = z.object({
  id: z.string(),
  seq: Count,
  progress: JobProgressSchema,
});
export type JobProgressEvent = z.infer<typeof JobProgressEventSchema>;

// ---- request bodies -------------------------------------------------------------------

/** Sizes are bytes (integers); the UI converts from GiB/MiB before sending. */
const Size = z.number().int().nonnegative().max(MAX_EXACT_BYTES, SIZE_RULE);

/** Formats libvirt's dir/fs/netfs pools create with qemu-img (and raw in-daemon). */
export const VolumeFormatSchema = z.enum([
  'raw',
  'qcow2',
  'qcow',
  'qed',
  'vmdk',
  'vpc',
  'vdi',
  'bochs',
  'cloop',
  'dmg',
  'iso',
]);
export type VolumeFormat = z.infer<typeof VolumeFormatSchema>;

export const CreateVolumeRequestSchema = z
  .object({
    name: NewVolumeNameSchema,
    capacity: Size.min(1),
    allocation: Size.optional(),
    format: VolumeFormatSchema.optional(),
    backingStore: z
      .object({ path: z.string().min(1).max(4096), format: VolumeFormatSchema })
      .strict()
      .optional(),
    preallocateMetadata: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.allocation === undefined || r.allocation <= r.capacity, {
    message: 'allocation must not exceed capacity',
    path: ['allocation'],
  })
  .refine((r) => !r.preallocateMetadata || (r.format ?? 'raw') === 'qcow2', {
    message: 'metadata preallocation needs format qcow2',
    path: ['preallocateMetadata'],
  })
  .refine((r) => !r.backingStore || (r.format ?? 'raw') !== 'raw', {
    message: 'a backing store needs a format that supports one (qcow2)',
    path: ['backingStore'],
  });
export type CreateVolumeRequest = z.infer<typeof CreateVolumeRequestSchema>;

export const CloneVolumeRequestSchema = z
  .object({
    name: NewVolumeNameSchema,
    targetPool: PoolNameSchema.optional(),
    format: VolumeFormatSchema.optional(),
  })
  .strict();
export type CloneVolumeRequest = z.infer<typeof CloneVolumeRequestSchema>;

/** The ten algorithms of virStorageVolWipeAlgorithm, in libvirt's order. */
export const WipeAlgorithmSchema = z.enum([
  'zero',
  'nnsa',
  'dod',
  'bsi',
  'gutmann',
  'schneier',
  'pfitzner7',
  'pfitzner33',
  'random',
  'trim',
]);
export type WipeAlgorithm = z.infer<typeof WipeAlgorithmSchema>;

export const WipeVolumeRequestSchema = z.object({ algorithm: WipeAlgorithmSchema }).strict();
export type WipeVolumeRequest = z.infer<typeof WipeVolumeRequestSchema>;

export const WipeAlgorithmsSchema = z.object({
  algorithms: z.array(
    z.object({
      algorithm: WipeAlgorithmSchema,
      supported: z.boolean(),
      /** Why not, when unsupported ("scrub is not installed on the host"...). */
      reason: z.string().nullable(),
      passes: z.number().int().positive(),
    }),
  ),
});
export type WipeAlgorithms = z.infer<typeof WipeAlgorithmsSchema>;

export const ResizeVolumeRequestSchema = z
  .object({
    capacity: Size.min(1),
    allocate: z.boolean().optional(),
    shrink: z.boolean().optional(),
  })
  .strict();
export type ResizeVolumeRequest = z.infer<typeof ResizeVolumeRequestSchema>;

/**
 * `?force=true`: delete, wipe or shrink a volume even though an overlay or a domain uses it
 * (without it such a request is a 409 `in_use`). Any other value is a 400.
 */
export const ForceQuerySchema = z.object({ force: z.enum(['true', 'false']).optional() });

export const UploadQuerySchema = z.object({
  create: z.enum(['0', '1']).optional(),
  format: VolumeFormatSchema.optional(),
});

export const POOL_FORM_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi'] as const;

export const DefinePoolRequestSchema = z.union([
  z.object({ xml: z.string().min(1).max(1_000_000) }).strict(),
  z
    .object({
      name: NewPoolNameSchema,
      type: z.enum(POOL_FORM_TYPES),
      target: z.string().min(1).max(4096).optional(),
      source: z
        .object({
          /** fs, disk, logical: a block device (/dev/sdb); iscsi: unused. */
          device: z.string().min(1).max(4096).optional(),
          /** netfs, iscsi: the server host name. */
          host: z.string().min(1).max(255).optional(),
          /** netfs: exported directory; iscsi: the IQN of the target. */
          dir: z.string().min(1).max(4096).optional(),
          /** logical: the volume group name. */
          name: z.string().min(1).max(255).optional(),
          /** fs/netfs: the file system type (ext4, nfs...); disk: the label (gpt, dos). */
          format: z.string().min(1).max(32).optional(),
        })
        .strict()
        .optional(),
      build: z.boolean().optional(),
      start: z.boolean().optional(),
      autostart: z.boolean().optional(),
    })
    .strict()
    .superRefine((form, ctx) => {
      const problem = form.target === undefined ? null : poolTargetProblem(form.type, form.target);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, path: ['target'] });
    }),
]);
export type DefinePoolRequest = z.infer<typeof DefinePoolRequestSchema>;

export const AutostartRequestSchema = z.object({ autostart: z.boolean() }).strict();

export const DeletePoolQuerySchema = z.object({
  deleteData: z.enum(['true', 'false']).default('false'),
});

/**
 * `params` of a `volume.upload` job made by a tus upload (routes/upload.routes.ts): besides
 * what a PUT upload has, the bytes the volume holds for sure (`uploaded`, persisted after
 * virsh confirmed each chunk) and where the latest resume started (`resumedFrom`: the
 * offset a PATCH continued from after the client or the BFF went away; null before).
 */
export const ResumableUploadParamsSchema = z.object({
  kind: z.literal('volume.upload'),
  length: z.number().int().positive(),
  create: z.boolean(),
  format: VolumeFormatSchema,
  resumable: z.literal(true),
  uploaded: z.number().int().nonnegative(),
  resumedFrom: z.number().int().nonnegative().nullable(),
  /** How many times the upload resumed (after a drop, a closed tab, a BFF restart). */
  resumes: z.number().int().nonnegative(),
  /** The job created the volume (deleted again if the upload is cancelled or expires). */
  volumeCreated: z.boolean(),
});
export type ResumableUploadParams = z.infer<typeof ResumableUploadParamsSchema>;
