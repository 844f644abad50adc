import type { Volume } from '@poolwatch/shared';
import { compareNatural } from '../../lib/naturalSort';

export type VolumeSortKey =
  'name' | 'format' | 'capacity' | 'allocation' | 'type' | 'path' | 'backingStore';
export type SortDirection = 'asc' | 'desc';

export interface VolumeSort {
  key: VolumeSortKey;
  direction: SortDirection;
}

export const DEFAULT_VOLUME_SORT: VolumeSort = { key: 'name', direction: 'asc' };

type Compare = (a: Volume, b: Volume) => number;

const byText =
  (get: (v: Volume) => string | null): Compare =>
  (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return compareNatural(x, y);
  };

const bySize =
  (get: (v: Volume) => number | null): Compare =>
  (a, b) =>
    // An unknown size (null, see Volume.error) sorts before every known one.
    (get(a) ?? -1) - (get(b) ?? -1);

const COMPARE: Record<VolumeSortKey, Compare> = {
  name: byText((v) => v.name),
  format: byText((v) => v.format),
  capacity: bySize((v) => v.capacity),
  allocation: bySize((v) => v.allocation),
  type: byText((v) => v.type),
  path: byText((v) => v.path),
  backingStore: byText((v) => v.backingStore),
};

const isNullValue = (v: Volume, key: VolumeSortKey) =>
  (key === 'format' || key === 'backingStore') && v[key] === null;

/**
 * A sorted copy. Text columns use natural, locale-aware order; sizes compare as numbers.
 * Missing values (no format, no backing store) stay last in both directions, and ties are
 * broken by name (ascending), so the order is total.
 */
export function sortVolumes(volumes: readonly Volume[], sort: VolumeSort): Volume[] {
  const compare = COMPARE[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...volumes].sort((a, b) => {
    const aNull = isNullValue(a, sort.key);
    const bNull = isNullValue(b, sort.key);
    if (aNull !== bNull) return aNull ? 1 : -1;
    return sign * compare(a, b) || COMPARE.name(a, b);
  });
}

/** Case-insensitive substring match on name or path; an empty query keeps everything. */
export function filterVolumes(volumes: readonly Volume[], query: string): readonly Volume[] {
  const needle = query.toLocaleLowerCase();
  if (needle === '') return volumes;
  return volumes.filter(
    (v) =>
      v.name.toLocaleLowerCase().includes(needle) || v.path.toLocaleLowerCase().includes(needle),
  );
}

/** Clicking a header: the same column flips direction, a new column starts ascending. */
export function nextSort(current: VolumeSort, key: VolumeSortKey): VolumeSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}

export function countLabel(shown: number, total: number): string {
  return `${shown} of ${total} ${total === 1 ? 'volume' : 'volumes'}`;
}
