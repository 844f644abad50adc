import { describe, expect, test } from 'vitest';
import { makeProgress } from '../test/jobs';
import { formatDuration, formatEta, progressPercent, progressText } from './jobFormat';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('progressText', () => {
  test('bounded: done of total, rate, estimate', () => {
    expect(progressText(makeProgress())).toBe('3.2 of 10 GiB, 120 MiB/s, about 1 min left');
  });
  test('bounded before the rate is stable: estimating…, never a guessed ETA', () => {
    expect(
      progressText(makeProgress({ dataProcessed: 512 * MiB, rate: null, timeRemaining: null })),
    ).toBe('512 MiB of 10 GiB, estimating…');
  });
  test('bounded and complete without an estimate: nothing left to estimate', () => {
    expect(
      progressText(makeProgress({ dataProcessed: 10 * GiB, rate: null, timeRemaining: null })),
    ).toBe('10 of 10 GiB');
  });
  // [percent done, ms left, words]: "almost done" only from 95 % on.
  test.each([
    [12.9, 2_000, 'about 5 s left'],
    [94.9, 4_000, 'about 5 s left'],
    [95, 4_000, 'almost done'],
    [99.5, 500, 'almost done'],
    [50, 41_000, 'about 45 s left'],
  ])('at %s %% with %s ms left: %s', (percent, ms, words) => {
    const total = 1000 * MiB;
    const p = makeProgress({
      dataTotal: total,
      dataProcessed: Math.round((percent / 100) * total),
      timeRemaining: ms,
    });
    expect(progressText(p)).toContain(words);
    expect(formatEta(ms, percent)).toBe(words);
  });
  test('unbounded with bytes: so far and elapsed', () => {
    const p = makeProgress({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: 1.2 * GiB,
      rate: null,
      timeRemaining: null,
      timeElapsed: 123_000,
    });
    expect(progressText(p)).toBe('1.2 GiB so far, 2 min 3 s elapsed');
  });
  test('unbounded without bytes: only the time', () => {
    const p = makeProgress({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: null,
      timeElapsed: 12_000,
    });
    expect(progressText(p)).toBe('running for 12 s');
  });
  test('queued', () => {
    expect(progressText(makeProgress(), true)).toBe('waiting to start');
  });
});

test('progressPercent is one decimal, bounded only, clamped', () => {
  expect(progressPercent(makeProgress())).toBe(32);
  expect(progressPercent(makeProgress({ dataProcessed: 1, dataTotal: 3 }))).toBe(33.3);
  expect(progressPercent(makeProgress({ dataProcessed: 20, dataTotal: 10 }))).toBe(100);
  expect(progressPercent(makeProgress({ type: 'unbounded' }))).toBeNull();
  expect(progressPercent(makeProgress({ dataProcessed: null }))).toBeNull();
});

test('durations and estimates in words', () => {
  expect(formatDuration(0)).toBe('0 s');
  expect(formatDuration(59_400)).toBe('59 s');
  expect(formatDuration(3_600_000 + 5 * 60_000)).toBe('1 h 5 min');
  expect(formatEta(2_000)).toBe('almost done');
  expect(formatEta(41_000)).toBe('about 45 s left');
  expect(formatEta(90_000 + 29_000)).toBe('about 2 min left');
  expect(formatEta(2 * 3_600_000)).toBe('about 2 h left');
});
