import { describe, expect, it } from 'vitest';
import {
  forecastFull,
  fullInDays,
  PoolHistoryQuerySchema,
  type CapacitySample,
} from './capacity.js';

const NOW = new Date('2026-06-10T12:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const CAP = 100e9;

/** One sample per `stepMs` over `spanMs` before NOW, allocation from `alloc(daysAgo)`. */
function series(spanMs: number, stepMs: number, alloc: (daysAgo: number) => number) {
  const out: CapacitySample[] = [];
  for (let ago = spanMs; ago >= 0; ago -= stepMs) {
    const a = alloc(ago / DAY);
    out.push({
      at: new Date(NOW.getTime() - ago).toISOString(),
      capacity: CAP,
      allocation: a,
      available: CAP - a,
    });
  }
  return out;
}

// Deterministic noise (a small LCG), so the noisy case is the same every run.
function noise(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
}

describe('forecastFull', () => {
  it('flat: no date, slope 0, says it is not growing', () => {
    const f = forecastFull(
      series(7 * DAY, 10 * MIN, () => 40e9),
      NOW,
    );
    expect(f.fullAt).toBeNull();
    expect(f.bytesPerDay).toBeCloseTo(0, 0);
    expect(f.basis).toMatch(/not growing/);
  });

  it('upward: 1 GB/day from 50 GB reaches 100 GB in 50 days', () => {
    // 1-minute samples: the one exactly 7 days old falls outside the window, 10,080 remain.
    const f = forecastFull(
      series(7 * DAY, MIN, (ago) => 50e9 - ago * 1e9),
      NOW,
    );
    expect(f.bytesPerDay).toBeCloseTo(1e9, -3);
    const days = (Date.parse(f.fullAt!) - NOW.getTime()) / DAY;
    expect(days).toBeCloseTo(50, 3);
    expect(f.basis).toBe('least squares over 7 days of samples (10,080 points)');
    expect(fullInDays(f.fullAt!, NOW).level).toBe('ok');
  });

  it('downward: negative slope, no date', () => {
    const f = forecastFull(
      series(3 * DAY, 30 * MIN, (ago) => 50e9 + ago * 2e9),
      NOW,
    );
    expect(f.fullAt).toBeNull();
    expect(f.bytesPerDay).toBeLessThan(0);
    expect(f.basis).toMatch(/not growing/);
  });

  it('less than 24 h of samples: no forecast, and says how much there is', () => {
    const f = forecastFull(
      series(20 * 3600_000, MIN, (ago) => 50e9 - ago * 10e9),
      NOW,
    );
    expect(f).toEqual({
      fullAt: null,
      bytesPerDay: null,
      basis: 'no forecast: only 20 hours of samples (needs 24 hours)',
    });
  });

  it('noisy upward: the fit recovers the trend within 2 %', () => {
    const r = noise(42);
    const f = forecastFull(
      series(7 * DAY, 5 * MIN, (ago) => 80e9 - ago * 3e9 + r() * 4e9),
      NOW,
    );
    expect(f.bytesPerDay! / 3e9).toBeGreaterThan(0.98);
    expect(f.bytesPerDay! / 3e9).toBeLessThan(1.02);
    const days = (Date.parse(f.fullAt!) - NOW.getTime()) / DAY;
    expect(days).toBeGreaterThan(6.3);
    expect(days).toBeLessThan(7.1);
  });

  it('noisy flat: a tiny slope promises no date decades away', () => {
    const r = noise(7);
    const f = forecastFull(
      series(7 * DAY, 5 * MIN, () => 10e9 + r() * 1e3),
      NOW,
    );
    expect(f.fullAt).toBeNull();
  });

  it('only the last 7 days count; older samples are ignored', () => {
    const old = series(30 * DAY, DAY, () => 0).slice(0, 20); // 30..11 days ago, allocation 0
    const f = forecastFull([...old, ...series(2 * DAY, 10 * MIN, () => 60e9)], NOW);
    expect(f.fullAt).toBeNull();
    expect(f.basis).toMatch(/2 days/);
  });

  it('already past capacity: full now', () => {
    const f = forecastFull(
      series(2 * DAY, 10 * MIN, (ago) => 120e9 - ago * 1e9),
      NOW,
    );
    expect(f.fullAt).toBe(NOW.toISOString());
    expect(fullInDays(f.fullAt!, NOW).level).toBe('critical');
  });
});

describe('fullInDays', () => {
  it.each([
    [3, 'critical'],
    [6.9, 'critical'],
    [7, 'warning'],
    [29.5, 'warning'],
    [30, 'ok'],
  ] as const)('%d days → %s', (days, level) => {
    const at = new Date(NOW.getTime() + days * DAY).toISOString();
    expect(fullInDays(at, NOW).level).toBe(level);
  });
});

describe('PoolHistoryQuerySchema', () => {
  it.each([
    [{ from: 'yesterday' }],
    [{ from: '2026-06-10T00:00:00Z', to: '2026-06-09T00:00:00Z' }],
    [{ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
  ])('refuses %j', (query) => {
    expect(PoolHistoryQuerySchema.safeParse(query).success).toBe(false);
  });
  it('accepts an empty query and a valid range', () => {
    expect(PoolHistoryQuerySchema.safeParse({}).success).toBe(true);
    const ok = { from: '2026-06-01T00:00:00Z', to: '2026-06-10T00:00:00+02:00' };
    expect(PoolHistoryQuerySchema.safeParse(ok).success).toBe(true);
  });
});
