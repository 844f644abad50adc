import type { POOL_FORM_TYPES } from '@poolwatch/shared';

export type PoolFormType = (typeof POOL_FORM_TYPES)[number];
export type SourceField = 'device' | 'host' | 'dir' | 'name' | 'format';

interface TypeSpec {
  label: string;
  hint: string;
  /** Placeholder for the target path, or null when the type has none to ask for. */
  target: string | null;
  source: { key: SourceField; label: string; placeholder: string }[];
}

/**
 * The fields each pool type needs, after libvirt's storage pool XML format. Labels avoid the
 * bare words "Name" and "Format" so each is found alone by its label.
 */
export const POOL_TYPE_FIELDS: Record<PoolFormType, TypeSpec> = {
  dir: {
    label: 'dir: a directory',
    hint: 'Files in a directory on the host.',
    target: '/var/lib/libvirt/images/pool',
    source: [],
  },
  fs: {
    label: 'fs: a block device with a file system',
    hint: 'libvirt mounts the device on the target path.',
    target: '/srv/pool',
    source: [
      { key: 'device', label: 'Source device', placeholder: '/dev/sdb1' },
      { key: 'format', label: 'File system type', placeholder: 'ext4' },
    ],
  },
  netfs: {
    label: 'netfs: a network export (NFS)',
    hint: 'libvirt mounts host:directory on the target path.',
    target: '/srv/nfs-pool',
    source: [
      { key: 'host', label: 'Source host', placeholder: 'nfs.example.org' },
      { key: 'dir', label: 'Source directory', placeholder: '/export/images' },
      { key: 'format', label: 'File system type', placeholder: 'nfs' },
    ],
  },
  logical: {
    label: 'logical: an LVM volume group',
    hint: 'Volumes are logical volumes; build creates the group on the device.',
    target: null,
    source: [
      { key: 'name', label: 'Volume group', placeholder: 'vg_images' },
      { key: 'device', label: 'Source device', placeholder: '/dev/sdc' },
    ],
  },
  disk: {
    label: 'disk: partitions of a disk',
    hint: 'Volumes are partitions; build writes a new partition table.',
    target: '/dev',
    source: [
      { key: 'device', label: 'Source device', placeholder: '/dev/sdd' },
      { key: 'format', label: 'Partition table', placeholder: 'gpt' },
    ],
  },
  iscsi: {
    label: 'iscsi: LUNs of an iSCSI target',
    hint: 'Volumes are the target’s LUNs (read-only list, no create).',
    target: '/dev/disk/by-path',
    source: [
      { key: 'host', label: 'Source host', placeholder: 'iscsi.example.org' },
      { key: 'dir', label: 'Target IQN', placeholder: 'iqn.2024-01.org.example:storage' },
    ],
  },
};
