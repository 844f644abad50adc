import { JobProgressSchema } from '@poolwatch/shared';
import { describe, expect, it } from 'vitest';
import {
  ESTIMATE_AFTER_MS,
  ProgressMeter,
  RATE_AFTER_MS,
  RATE_WINDOW_MS,
} from './progress-meter.js';

const T0 = 1_700_000_000_000;
const MiB = 1024 * 1024;

describe('ProgressMeter', () => {
  it('starts unbounded with the initial source and nothing measured', () => {
    const meter = new ProgressMeter('waiting for the host');
    expect(meter.snapshot(T0, null)).toEqual({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: null,
      dataRemaining: null,
      timeElapsed: 0,
      timeRemaining: null,
      rate: null,
      source: 'waiting for the host',
      measuredAt: null,
    });
  });

  it('counts elapsed time from startedAt, 0 before start, never negative', () => {
    const meter = new ProgressMeter('x');
    expect(meter.snapshot(T0 + 5000, null).timeElapsed).toBe(0);
    expect(meter.snapshot(T0 + 5000, T0).timeElapsed).toBe(5000);
    expect(meter.snapshot(T0 - 10, T0).timeElapsed).toBe(0);
  });

  it('is not bounded while the total is known but nothing is measured yet', () => {
    const meter = new ProgressMeter('x');
    meter.measure('stream bytes', 100);
    const p = meter.snapshot(T0, T0);
    expect(p).toMatchObject({ type: 'unbounded', dataTotal: 100, dataProcessed: null });
    expect(p.dataRemaining).toBeNull();
    expect(p.timeRemaining).toBeNull();
  });

  it('is bounded once a sample exists; rate is null until samples span ESTIMATE_AFTER_MS', () => {
    const meter = new ProgressMeter('x');
    meter.measure('stream bytes', 100 * MiB);
    meter.report(10 * MiB, T0);
    expect(meter.snapshot(T0, T0)).toEqual({
      type: 'bounded',
      dataTotal: 100 * MiB,
      dataProcessed: 10 * MiB,
      dataRemaining: 90 * MiB,
      timeElapsed: 0,
      timeRemaining: null,
      rate: null,
      source: 'stream bytes',
      measuredAt: T0,
    });
  });

  it("computes rate and timeRemaining from bytes over the samples' span", () => {
    const meter = new ProgressMeter('x', 100 * MiB);
    meter.report(0, T0);
    meter.report(40 * MiB, T0 + 4000);
    const p = meter.snapshot(T0 + 4000, T0);
    expect(p.rate).toBe(10 * MiB);
    expect(p.dataRemaining).toBe(60 * MiB);
    expect(p.timeRemaining).toBe(6000);
    expect(p.timeElapsed).toBe(4000);
  });

  it('rounds timeRemaining up to the next millisecond', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(0, T0);
    meter.report(9, T0 + 3000); // 3 B/s, 991 B left -> 330333.33 ms
    expect(meter.snapshot(T0 + 3000, T0).timeRemaining).toBe(330334);
  });

  // [what, samples as [ms since T0, MiB], expected rate in MiB/s or null (estimating)]
  const table: [string, [number, number][], number | null][] = [
    ['one sample: estimating', [[0, 0]], null],
    [
      'under RATE_AFTER_MS: no rate',
      [
        [0, 0],
        [RATE_AFTER_MS - 1, 1],
      ],
      null,
    ],
    [
      'a fast first second: a rate, but no ETA yet',
      [
        [0, 0],
        [1000, 50],
      ],
      50,
    ],
    [
      'just under the span: still estimating',
      [
        [0, 0],
        [ESTIMATE_AFTER_MS - 1, 30],
      ],
      (30 / (ESTIMATE_AFTER_MS - 1)) * 1000,
    ],
    [
      'the span reached: bytes over time',
      [
        [0, 0],
        [ESTIMATE_AFTER_MS, 30],
      ],
      10,
    ],
    [
      'bursty samples: what moved, not the mean of bursts',
      [
        [0, 0],
        [1000, 0],
        [1100, 20],
        [2000, 20],
        [3000, 20],
        [4000, 40],
      ],
      10,
    ],
    [
      'older than the window: forgotten',
      [
        [0, 0],
        [1000, 500],
        [1000 + RATE_WINDOW_MS, 600],
      ],
      10,
    ],
    [
      'a stall inside the window lowers the rate by its share only',
      [
        [0, 0],
        [5000, 50],
        [10_000, 50],
      ],
      5,
    ],
    [
      'samples under 50 ms apart fold into one',
      [
        [0, 0],
        [3000, 30],
        [3010, 31],
        [3020, 33],
      ],
      33 / 3.02,
    ],
  ];
  it.each(table)('rate: %s', (_what, samples, expected) => {
    const meter = new ProgressMeter('x', 10_000 * MiB);
    for (const [t, mib] of samples) meter.report(mib * MiB, T0 + t);
    const end = T0 + samples[samples.length - 1]![0];
    const p = meter.snapshot(end, T0);
    const span = samples[samples.length - 1]![0] - samples[0]![0];
    // No ETA ("estimating…") until the samples span ESTIMATE_AFTER_MS, whatever the rate.
    expect(p.timeRemaining === null).toBe(span < ESTIMATE_AFTER_MS);
    if (expected === null) expect(p.rate).toBeNull();
    else expect(p.rate! / MiB).toBeCloseTo(expected, 6);
  });

  it('bursty stream: a steady rate and an ETA that counts down, not one that swings', () => {
    // virsh streams arrive in bursts: 160 MiB in 250 ms, then nothing for 750 ms (40 MiB/s).
    const total = 4000 * MiB;
    const meter = new ProgressMeter('x', total);
    let previousEta: number | null = null;
    for (let t = 0; t <= 60_000; t += 250) {
      meter.report(Math.floor(t / 1000) * 40 * MiB + (t % 1000 >= 250 ? 40 * MiB : 0), T0 + t);
      const p = meter.snapshot(T0 + t, T0);
      if (t < ESTIMATE_AFTER_MS) {
        expect(p.timeRemaining).toBeNull();
        continue;
      }
      const full = t >= RATE_WINDOW_MS;
      expect(Math.abs(p.rate! / MiB - 40)).toBeLessThanOrEqual(full ? 4 : 14);
      if (full && previousEta !== null) {
        // 250 ms later the ETA is about 250 ms lower: never a jump of more than 10 %.
        expect(Math.abs(p.timeRemaining! - (previousEta - 250))).toBeLessThanOrEqual(
          0.1 * previousEta,
        );
      }
      previousEta = p.timeRemaining;
    }
  });

  it('ignores samples out of time order for the rate', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(100, T0 + 5000);
    meter.report(200, T0); // earlier than the newest sample
    expect(meter.snapshot(T0 + 5000, T0).rate).toBeNull();
  });

  it('never moves dataProcessed backwards and never reports a negative rate', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(500, T0);
    meter.report(300, T0 + 4000);
    const p = meter.snapshot(T0 + 4000, T0);
    expect(p.dataProcessed).toBe(500);
    expect(p.rate).toBe(0);
    expect(p.timeRemaining).toBeNull(); // rate 0: no estimate
  });

  it('clamps processed to [0, total] and recomputes when the total changes', () => {
    const meter = new ProgressMeter('x', 100);
    meter.report(-5, T0);
    expect(meter.snapshot(T0, T0).dataProcessed).toBe(0);
    meter.report(150, T0 + 4000);
    expect(meter.snapshot(T0 + 4000, T0)).toMatchObject({
      dataProcessed: 100,
      dataRemaining: 0,
      timeRemaining: 0,
    });
    meter.measure('host probe', 200);
    expect(meter.snapshot(T0 + 4000, T0)).toMatchObject({
      dataTotal: 200,
      dataProcessed: 150,
      dataRemaining: 50,
      source: 'host probe',
    });
    meter.measure('host probe', 120);
    expect(meter.snapshot(T0 + 4000, T0)).toMatchObject({ dataProcessed: 120, dataRemaining: 0 });
  });

  it('reports measured bytes and rate with an unknown total, but no remaining figures', () => {
    const meter = new ProgressMeter('x');
    meter.measure('stream bytes (size unknown)', null);
    meter.report(0, T0);
    meter.report(8 * MiB, T0 + 4000);
    expect(meter.snapshot(T0 + 4000, T0)).toEqual({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: 8 * MiB,
      dataRemaining: null,
      timeElapsed: 4000,
      timeRemaining: null,
      rate: 2 * MiB,
      source: 'stream bytes (size unknown)',
      measuredAt: T0 + 4000,
    });
  });

  it('becomes unbounded again when the total is lost, keeping what was measured', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(0, T0);
    meter.report(1600, T0 + 4000);
    meter.measure('host probe lost the process', null);
    expect(meter.snapshot(T0 + 4000, T0)).toMatchObject({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: 1600,
      dataRemaining: null,
      timeRemaining: null,
      rate: 400,
    });
  });

  it('drops garbage samples and floors fractional bytes', () => {
    const meter = new ProgressMeter('x', 1000.7);
    meter.report(Number.NaN, T0);
    meter.report(Number.POSITIVE_INFINITY, T0);
    meter.report(10, Number.NaN);
    expect(meter.snapshot(T0, T0).dataProcessed).toBeNull();
    meter.report(10.9, T0);
    expect(meter.snapshot(T0, T0)).toMatchObject({ dataTotal: 1000, dataProcessed: 10 });
  });

  it('always produces a value the wire schema accepts', () => {
    const meter = new ProgressMeter('x', 10_000);
    const snapshots = [meter.snapshot(T0, null)];
    for (let i = 0; i < 50; i++) {
      meter.report((i * 7919) % 12_000, T0 + i * 37);
      snapshots.push(meter.snapshot(T0 + i * 37 + 0.4, T0));
    }
    meter.measure('y', null);
    snapshots.push(meter.snapshot(T0 + 5000, T0));
    for (const s of snapshots) expect(JobProgressSchema.safeParse(s).success).toBe(true);
  });
});
