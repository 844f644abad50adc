import { z } from 'zod';
import { HostIdSchema } from './names.js';

/** Byte counts are exact integers as libvirt reports them (never rounded units). */
const Bytes = z.number().int().nonnegative();
/**
 * A figure libvirt reported that cannot be a real size (libvirt's unsigned wrap-around, e.g.
 * allocation 18446744073622413312 after a tmpfs filled) or that JavaScript cannot hold
 * exactly (> 2^53-1) is null, and the pool's or volume's `error` says which and why.
 */
const Figure = Bytes.nullable();

export const HostStateSchema = z.enum(['connected', 'connecting', 'unreachable']);
export type HostState = z.infer<typeof HostStateSchema>;

export const HostSchema = z.object({
  id: HostIdSchema,
  label: z.string(),
  uri: z.string(),
  state: HostStateSchema,
  error: z.string().nullable(),
  libvirtVersion: z.string().nullable(),
});
export type Host = z.infer<typeof HostSchema>;

export const PoolStateSchema = z.enum([
  'running',
  'inactive',
  'building',
  'degraded',
  'inaccessible',
]);
export type PoolState = z.infer<typeof PoolStateSchema>;

export const PoolSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  type: z.string(),
  state: PoolStateSchema,
  persistent: z.boolean(),
  autostart: z.boolean(),
  capacity: Figure,
  allocation: Figure,
  available: Figure,
  targetPath: z.string().nullable(),
  /** null when libvirt cannot list the pool's volumes (pool not running). */
  volumeCount: z.number().int().nonnegative().nullable(),
  /** Why a figure is null or why the pool could not be read (then the rest is last known). */
  error: z.string().nullable(),
});
export type Pool = z.infer<typeof PoolSchema>;

export const PoolDetailSchema = PoolSchema.extend({ xml: z.string() });
export type PoolDetail = z.infer<typeof PoolDetailSchema>;

/** What libvirt says about one volume (vol-dumpxml), before Poolwatch adds who uses it. */
export const VolumeFactsSchema = z.object({
  name: z.string(),
  key: z.string(),
  path: z.string(),
  type: z.string(),
  format: z.string().nullable(),
  capacity: Figure,
  allocation: Figure,
  backingStore: z.string().nullable(),
  /** Why a figure is null or why the volume could not be read. */
  error: z.string().nullable(),
  /**
   * Listed, details not read yet: a big pool shows its volumes' names at once and reads
   * sizes, format and type in the background (figures are null until then, not unknown).
   */
  pending: z.literal(true).optional(),
});
export type VolumeFacts = z.infer<typeof VolumeFactsSchema>;

/**
 * Something that would break if the volume went away or shrank: an overlay (a volume, in
 * any pool of the host, whose backing store is this volume) or a domain with a disk on it.
 * `state` is the domain's state as `virsh domstate` words it ("running", "shut off", ...).
 */
export const VolumeUserSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('volume'), pool: z.string(), name: z.string() }),
  z.object({ kind: z.literal('domain'), name: z.string(), state: z.string() }),
]);
export type VolumeUser = z.infer<typeof VolumeUserSchema>;

/** A volume named by the pool it is in: where a backing store lives, as a link target. */
export const VolumeRefSchema = z.object({ pool: z.string(), name: z.string() });
export type VolumeRef = z.infer<typeof VolumeRefSchema>;

export const VolumeSchema = VolumeFactsSchema.extend({
  usedBy: z.array(VolumeUserSchema),
  /**
   * The volume, in any running pool of the host, whose path is this volume's backing store
   * (resolved as qemu does: relative to the overlay's directory); null when there is none
   * or it is a file outside every pool.
   */
  backingVolume: VolumeRefSchema.nullable(),
});
export type Volume = z.infer<typeof VolumeSchema>;

export const VolumeDetailSchema = VolumeSchema.extend({ xml: z.string() });
export type VolumeDetail = z.infer<typeof VolumeDetailSchema>;
