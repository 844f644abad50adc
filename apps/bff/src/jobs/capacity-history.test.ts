import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapacityHistory } from './capacity-history.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-06-10T12:30:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const all = (h: CapacityHistory, pool = 'p') => h.samples('h1', pool, ago(400 * DAY), NOW);

let history: CapacityHistory;
beforeEach(() => {
  history = new CapacityHistory(':memory:');
});
afterEach(() => history.close());

describe('CapacityHistory', () => {
  it('keeps samples per host and pool, oldest first, within the asked range', () => {
    history.record(
      'h1',
      [{ pool: 'p', capacity: 100, allocation: 10, available: 90 }],
      ago(2 * HOUR),
    );
    history.record('h1', [{ pool: 'p', capacity: 100, allocation: 20, available: 80 }], ago(HOUR));
    history.record('h2', [{ pool: 'p', capacity: 1, allocation: 1, available: 0 }], ago(HOUR));
    history.record(
      'h1',
      [{ pool: 'q', capacity: 5, allocation: null, available: null }],
      ago(HOUR),
    );
    expect(all(history).map((s) => s.allocation)).toEqual([10, 20]);
    expect(history.samples('h1', 'p', ago(90 * 60_000), NOW)).toEqual([
      { at: ago(HOUR).toISOString(), capacity: 100, allocation: 20, available: 80 },
    ]);
    expect(all(history, 'q')[0]).toMatchObject({ capacity: 5, allocation: null });
  });

  it('averages 1-minute points older than 7 days into hourly points and keeps newer ones', () => {
    // One full hour, 8 days ago: allocations 0..59 (average 29.5 → 30 after rounding).
    const hourStart = Math.floor(ago(8 * DAY).getTime() / HOUR) * HOUR;
    for (let m = 0; m < 60; m++) {
      const at = new Date(hourStart + m * 60_000);
      history.record('h1', [{ pool: 'p', capacity: 100, allocation: m, available: 100 - m }], at);
    }
    history.record('h1', [{ pool: 'p', capacity: 100, allocation: 77, available: 23 }], ago(DAY));
    expect(history.compact(NOW)).toEqual({ downsampled: 60, pruned: 0 });
    expect(all(history)).toEqual([
      { at: new Date(hourStart).toISOString(), capacity: 100, allocation: 30, available: 71 },
      { at: ago(DAY).toISOString(), capacity: 100, allocation: 77, available: 23 },
    ]);
    // Running again changes nothing.
    expect(history.compact(NOW)).toEqual({ downsampled: 0, pruned: 0 });
    expect(all(history)).toHaveLength(2);
  });

  it('merges late minutes into an existing hour as a weighted average', () => {
    const hourStart = Math.floor(ago(9 * DAY).getTime() / HOUR) * HOUR;
    const at = (m: number) => new Date(hourStart + m * 60_000);
    for (let m = 0; m < 3; m++) {
      history.record('h1', [{ pool: 'p', capacity: 10, allocation: 10, available: 0 }], at(m));
    }
    history.compact(NOW);
    history.record('h1', [{ pool: 'p', capacity: 10, allocation: 50, available: 0 }], at(30));
    history.compact(NOW);
    expect(all(history).map((s) => s.allocation)).toEqual([20]); // (3×10 + 1×50) / 4
  });

  it('drops hourly points older than a year', () => {
    history.record('h1', [{ pool: 'p', capacity: 1, allocation: 1, available: 0 }], ago(366 * DAY));
    history.record('h1', [{ pool: 'p', capacity: 1, allocation: 2, available: 0 }], ago(300 * DAY));
    expect(history.compact(NOW)).toEqual({ downsampled: 2, pruned: 1 });
    expect(all(history).map((s) => s.allocation)).toEqual([2]);
  });
});
