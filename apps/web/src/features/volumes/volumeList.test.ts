import type { Volume } from '@poolwatch/shared';
import { describe, expect, test } from 'vitest';
import { countLabel, filterVolumes, nextSort, sortVolumes } from './volumeList';

const GiB = 1024 ** 3;

function vol(name: string, extra: Partial<Volume> = {}): Volume {
  return {
    name,
    key: `/var/lib/libvirt/images/${name}`,
    path: `/var/lib/libvirt/images/${name}`,
    type: 'file',
    format: 'qcow2',
    capacity: GiB,
    allocation: 0,
    backingStore: null,
    backingVolume: null,
    usedBy: [],
    error: null,
    ...extra,
  };
}

const names = (volumes: readonly Volume[]) => volumes.map((v) => v.name);

describe('sortVolumes', () => {
  test('names sort naturally: disk2 before disk10, case does not split groups', () => {
    const volumes = ['disk10.img', 'Disk2.img', 'disk1.img', 'disk2.img', 'alpha.img'].map((n) =>
      vol(n),
    );
    expect(names(sortVolumes(volumes, { key: 'name', direction: 'asc' }))).toEqual([
      'alpha.img',
      'disk1.img',
      'Disk2.img',
      'disk2.img',
      'disk10.img',
    ]);
    expect(names(sortVolumes(volumes, { key: 'name', direction: 'desc' }))).toEqual([
      'disk10.img',
      'disk2.img',
      'Disk2.img',
      'disk1.img',
      'alpha.img',
    ]);
  });

  test('sizes sort numerically, not as text, with exact integers', () => {
    const volumes = [
      vol('a', { capacity: 9 * GiB }),
      vol('b', { capacity: 10 * GiB }),
      vol('c', { capacity: 100 }),
      vol('d', { capacity: Number.MAX_SAFE_INTEGER }),
      vol('e', { capacity: Number.MAX_SAFE_INTEGER - 1 }),
    ];
    expect(names(sortVolumes(volumes, { key: 'capacity', direction: 'asc' }))).toEqual([
      'c',
      'a',
      'b',
      'e',
      'd',
    ]);
    expect(names(sortVolumes(volumes, { key: 'capacity', direction: 'desc' }))).toEqual([
      'd',
      'e',
      'b',
      'a',
      'c',
    ]);
  });

  test('ties fall back to name order in both directions', () => {
    const volumes = [
      vol('b', { allocation: 5 }),
      vol('a', { allocation: 5 }),
      vol('c', { allocation: 1 }),
    ];
    expect(names(sortVolumes(volumes, { key: 'allocation', direction: 'asc' }))).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(names(sortVolumes(volumes, { key: 'allocation', direction: 'desc' }))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  test('missing formats and backing stores stay last', () => {
    const volumes = [
      vol('x', { format: null }),
      vol('y', { format: 'raw' }),
      vol('z', { format: 'qcow2' }),
    ];
    expect(names(sortVolumes(volumes, { key: 'format', direction: 'asc' }))).toEqual([
      'z',
      'y',
      'x',
    ]);
    expect(names(sortVolumes(volumes, { key: 'format', direction: 'desc' }))).toEqual([
      'y',
      'z',
      'x',
    ]);
    const backed = [vol('p'), vol('q', { backingStore: '/b/base.qcow2' })];
    expect(names(sortVolumes(backed, { key: 'backingStore', direction: 'desc' }))).toEqual([
      'q',
      'p',
    ]);
  });

  test('does not mutate its input', () => {
    const volumes = [vol('b'), vol('a')];
    sortVolumes(volumes, { key: 'name', direction: 'asc' });
    expect(names(volumes)).toEqual(['b', 'a']);
  });
});

describe('filterVolumes', () => {
  const volumes = [
    vol('web-01.qcow2'),
    vol('DB-01.raw', { path: '/dev/vg0/DB-01.raw' }),
    vol('new\nline.img'),
    vol('$(id).img'),
    vol('iso', { path: '/srv/iso/debian.iso' }),
  ];

  test('matches name or path, case-insensitively', () => {
    expect(names(filterVolumes(volumes, 'db-01'))).toEqual(['DB-01.raw']);
    expect(names(filterVolumes(volumes, 'vg0'))).toEqual(['DB-01.raw']);
    expect(names(filterVolumes(volumes, 'DEBIAN'))).toEqual(['iso']);
  });

  test('special characters are plain substrings, not patterns', () => {
    expect(names(filterVolumes(volumes, '$(id)'))).toEqual(['$(id).img']);
    expect(names(filterVolumes(volumes, '.*'))).toEqual([]);
    expect(names(filterVolumes(volumes, 'w\nl'))).toEqual(['new\nline.img']);
  });

  test('an empty filter keeps everything, in order', () => {
    expect(filterVolumes(volumes, '')).toBe(volumes);
  });
});

test('nextSort flips the active column and starts others ascending', () => {
  expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({
    key: 'name',
    direction: 'desc',
  });
  expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toEqual({
    key: 'name',
    direction: 'asc',
  });
  expect(nextSort({ key: 'name', direction: 'desc' }, 'capacity')).toEqual({
    key: 'capacity',
    direction: 'asc',
  });
});

test('countLabel', () => {
  expect(countLabel(14, 14)).toBe('14 of 14 volumes');
  expect(countLabel(0, 14)).toBe('0 of 14 volumes');
  expect(countLabel(1, 1)).toBe('1 of 1 volume');
  expect(countLabel(0, 0)).toBe('0 of 0 volumes');
});
