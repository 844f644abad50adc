import type { VolumeSortKey } from './volumeList';

export interface VolumeColumn {
  key: VolumeSortKey;
  label: string;
  numeric?: boolean;
}

export const VOLUME_COLUMNS: readonly VolumeColumn[] = [
  { key: 'name', label: 'Name' },
  { key: 'format', label: 'Format' },
  { key: 'capacity', label: 'Capacity', numeric: true },
  { key: 'allocation', label: 'Allocation', numeric: true },
  { key: 'type', label: 'Type' },
  { key: 'path', label: 'Path' },
  { key: 'backingStore', label: 'Backing store' },
];

/** Fixed row height: the virtualizer positions rows by index, never measures them. */
export const ROW_HEIGHT = 32;
/** Height of the sticky header row; rows start below it inside the scroll box. */
export const HEADER_HEIGHT = 34;
