import { describe, expect, test } from 'vitest';
import { formatBytes, formatExactBytes, formatPercent, usedFraction } from './format';

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;
const TiB = GiB * 1024;
const PiB = TiB * 1024;

describe('formatBytes', () => {
  test.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1025, '1 KiB'],
    [1536, '1.5 KiB'],
    [10 * KiB - 1, '10 KiB'],
    [99.9 * KiB, '99.9 KiB'],
    [99.96 * KiB, '100 KiB'],
    [100 * KiB, '100 KiB'],
    [1023 * KiB, '1023 KiB'],
    [MiB - 1, '1 MiB'],
    [MiB, '1 MiB'],
    [MiB + 1, '1 MiB'],
    [GiB - 1, '1 GiB'],
    [Math.round(12.34 * GiB), '12.3 GiB'],
    [Math.round(12.35 * GiB) + 1, '12.4 GiB'],
    [100 * GiB, '100 GiB'],
    [1000 * GiB, '1000 GiB'],
    [1023.4 * GiB, '1023 GiB'],
    [1023.6 * GiB, '1 TiB'],
    [TiB, '1 TiB'],
    [2.5 * TiB, '2.5 TiB'],
    [PiB, '1 PiB'],
    [Number.MAX_SAFE_INTEGER, '8 PiB'],
  ])('%d -> %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  test('rejects nonsense without throwing', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatExactBytes', () => {
  test.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1024, '1,024 bytes'],
    [10 * GiB, '10,737,418,240 bytes'],
    [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991 bytes'],
  ])('%d -> %s', (bytes, expected) => {
    expect(formatExactBytes(bytes)).toBe(expected);
  });
});

describe('formatPercent', () => {
  test.each([
    [0, 100, '0%'],
    [1, 1000, '<1%'],
    [5, 1000, '1%'],
    [50, 100, '50%'],
    [994, 1000, '99%'],
    [996, 1000, '>99%'],
    [100, 100, '100%'],
    [120, 100, '120%'],
  ])('%d of %d -> %s', (used, total, expected) => {
    expect(formatPercent(used, total)).toBe(expected);
  });

  test('is null when the total is unknown', () => {
    expect(formatPercent(0, 0)).toBeNull();
  });
});

describe('usedFraction', () => {
  test('clamps to [0, 1]', () => {
    expect(usedFraction(1, 4)).toBe(0.25);
    expect(usedFraction(5, 4)).toBe(1);
    expect(usedFraction(5, 0)).toBe(0);
  });
});
