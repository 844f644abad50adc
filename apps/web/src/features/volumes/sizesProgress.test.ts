import type { Volume } from '@poolwatch/shared';
import { describe, expect, test } from 'vitest';
import { sizesProgressLabel } from './sizesProgress';

const volume = (name: string, pending: boolean): Volume => ({
  name,
  key: name,
  path: `/p/${name}`,
  type: pending ? 'unknown' : 'file',
  format: pending ? null : 'raw',
  capacity: pending ? null : 1,
  allocation: pending ? null : 1,
  backingStore: null,
  backingVolume: null,
  error: null,
  usedBy: [],
  ...(pending ? { pending: true as const } : {}),
});

const pool = (read: number, total: number) =>
  Array.from({ length: total }, (_, i) => volume(`v${i}`, i >= read));

describe('sizesProgressLabel', () => {
  test.each([
    [4000, 10000, 'reading sizes 4,000 / 10,000'],
    [0, 10000, 'reading sizes 0 / 10,000'],
    [9999, 10000, 'reading sizes 9,999 / 10,000'],
    [10000, 10000, null],
    [0, 0, null],
  ])('%i of %i read: %s', (read, total, label) => {
    expect(sizesProgressLabel(pool(read, total))).toBe(label);
  });
});
