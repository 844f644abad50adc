import { describe, expect, it } from 'vitest';
import type { PoolHistory } from '@poolwatch/shared';
import { poolColumns, poolSummary, stackedColumns } from './chartData';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const sample = (day: number, allocation: number) => ({
  at: new Date(T0 + day * DAY).toISOString(),
  capacity: 100,
  allocation,
  available: 100 - allocation,
});

describe('poolColumns', () => {
  it('draws the forecast line from the window start to fullAt, reaching capacity', () => {
    const history: PoolHistory = {
      samples: [sample(0, 40), sample(1, 50), sample(2, 60)],
      forecast: { fullAt: new Date(T0 + 6 * DAY).toISOString(), bytesPerDay: 10, basis: 'b' },
    };
    const [x, allocation, capacity, forecast] = poolColumns(history);
    expect(x).toEqual([0, 1, 2, 6].map((d) => (T0 + d * DAY) / 1000));
    expect(allocation).toEqual([40, 50, 60, null]);
    expect(capacity).toEqual([100, 100, 100, null]);
    expect(forecast).toEqual([40, null, 60, 100]);
  });

  it('no forecast: no line and no future point', () => {
    const history: PoolHistory = {
      samples: [sample(0, 40)],
      forecast: { fullAt: null, bytesPerDay: null, basis: 'no forecast: x' },
    };
    expect(poolColumns(history)).toEqual([[T0 / 1000], [40], [100], [null]]);
    expect(poolSummary(history, new Date(T0))).toMatch(/No forecast: x\./);
  });
});

describe('stackedColumns', () => {
  it('stacks pools on a shared time axis', () => {
    const cols = stackedColumns([
      { name: 'a', samples: [sample(0, 10), sample(1, 20)] },
      { name: 'b', samples: [sample(1, 5)] },
    ]);
    expect(cols).toEqual([
      [T0 / 1000, (T0 + DAY) / 1000],
      [10, 20],
      [null, 25],
    ]);
  });
});
