import { z } from 'zod';
import { NewPoolNameSchema, NewVolumeNameSchema, PoolNameSchema } from './names.js';
import { poolTargetProblem } from './pool-paths.js';
import { MAX_EXACT_BYTES, SIZE_RULE } from './sizes.js';

/** The bodies and queries of the job-submitting routes (the jobs themselves: jobs.ts). */

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

/**
 * A bandwidth limit for a byte-moving job, bytes per second (issue 11). At least 1 MiB/s:
 * below that the kernel's throttle rounds badly and a job would look hung.
 */
export const BandwidthSchema = z
  .number()
  .int()
  .min(1024 * 1024)
  .max(Number.MAX_SAFE_INTEGER);

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
    bandwidth: BandwidthSchema.optional(),
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
    bandwidth: BandwidthSchema.optional(),
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

export const WipeVolumeRequestSchema = z
  .object({ algorithm: WipeAlgorithmSchema, bandwidth: BandwidthSchema.optional() })
  .strict();
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
    bandwidth: BandwidthSchema.optional(),
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

/** `PUT /api/jobs/:id/limits`: a new limit, live; null = no limit. */
export const JobLimitsRequestSchema = z
  .object({ bytesPerSecond: BandwidthSchema.nullable() })
  .strict();
export type JobLimitsRequest = z.infer<typeof JobLimitsRequestSchema>;
