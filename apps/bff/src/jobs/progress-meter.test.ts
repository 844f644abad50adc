import { JobProgressSchema } from '@poolwatch/shared';
import { describe, expect, it } from 'vitest';
import { ProgressMeter, RATE_TIME_CONSTANT_MS } from './progress-meter.js';

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

  it('is bounded once a sample exists; rate is null until a second sample', () => {
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

  it('computes rate and timeRemaining from two samples', () => {
    const meter = new ProgressMeter('x', 100 * MiB);
    meter.report(0, T0);
    meter.report(10 * MiB, T0 + 1000);
    const p = meter.snapshot(T0 + 1000, T0);
    expect(p.rate).toBe(10 * MiB);
    expect(p.dataRemaining).toBe(90 * MiB);
    expect(p.timeRemaining).toBe(9000);
    expect(p.timeElapsed).toBe(1000);
  });

  it('rounds timeRemaining up to the next millisecond', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(0, T0);
    meter.report(3, T0 + 1000); // 3 B/s, 997 B left -> 332333.33 ms
    expect(meter.snapshot(T0 + 1000, T0).timeRemaining).toBe(332334);
  });

  it('smooths the rate: one fast interval moves it partly, a steady speed converges', () => {
    const meter = new ProgressMeter('x', 10_000 * MiB);
    meter.report(0, T0);
    meter.report(10 * MiB, T0 + 1000); // 10 MiB/s
    meter.report(110 * MiB, T0 + 1500); // burst: 200 MiB/s over 500 ms
    const alpha = 1 - Math.exp(-500 / RATE_TIME_CONSTANT_MS);
    const expected = 10 * MiB + alpha * (200 * MiB - 10 * MiB);
    expect(meter.snapshot(T0 + 1500, T0).rate).toBeCloseTo(expected, 3);
    expect(expected).toBeLessThan(100 * MiB);
    // Twenty seconds at a steady 50 MiB/s: the burst is forgotten.
    let bytes = 110 * MiB;
    for (let t = 2000; t <= 21500; t += 500) {
      bytes += 25 * MiB;
      meter.report(bytes, T0 + t);
    }
    expect(meter.snapshot(T0 + 21500, T0).rate! / MiB).toBeCloseTo(50, 1);
  });

  it('folds intervals shorter than 50 ms into the next one', () => {
    const meter = new ProgressMeter('x', 1000 * MiB);
    meter.report(0, T0);
    meter.report(5 * MiB, T0 + 10); // would read 500 MiB/s
    expect(meter.snapshot(T0 + 10, T0).rate).toBeNull();
    expect(meter.snapshot(T0 + 10, T0).dataProcessed).toBe(5 * MiB);
    meter.report(10 * MiB, T0 + 1000); // 10 MiB over 1 s from the anchor at T0
    expect(meter.snapshot(T0 + 1000, T0).rate).toBe(10 * MiB);
  });

  it('ignores samples out of time order for the rate', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(100, T0 + 1000);
    meter.report(200, T0); // earlier than the anchor
    expect(meter.snapshot(T0 + 1000, T0).rate).toBeNull();
  });

  it('never moves dataProcessed backwards and never reports a negative rate', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(500, T0);
    meter.report(300, T0 + 1000);
    const p = meter.snapshot(T0 + 1000, T0);
    expect(p.dataProcessed).toBe(500);
    expect(p.rate).toBe(0);
    expect(p.timeRemaining).toBeNull(); // rate 0: no estimate
  });

  it('clamps processed to [0, total] and recomputes when the total changes', () => {
    const meter = new ProgressMeter('x', 100);
    meter.report(-5, T0);
    expect(meter.snapshot(T0, T0).dataProcessed).toBe(0);
    meter.report(150, T0 + 1000);
    expect(meter.snapshot(T0 + 1000, T0)).toMatchObject({
      dataProcessed: 100,
      dataRemaining: 0,
      timeRemaining: 0,
    });
    meter.measure('host probe', 200);
    expect(meter.snapshot(T0 + 1000, T0)).toMatchObject({
      dataTotal: 200,
      dataProcessed: 150,
      dataRemaining: 50,
      source: 'host probe',
    });
    meter.measure('host probe', 120);
    expect(meter.snapshot(T0 + 1000, T0)).toMatchObject({ dataProcessed: 120, dataRemaining: 0 });
  });

  it('reports measured bytes and rate with an unknown total, but no remaining figures', () => {
    const meter = new ProgressMeter('x');
    meter.measure('stream bytes (size unknown)', null);
    meter.report(0, T0);
    meter.report(4 * MiB, T0 + 2000);
    expect(meter.snapshot(T0 + 2000, T0)).toEqual({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: 4 * MiB,
      dataRemaining: null,
      timeElapsed: 2000,
      timeRemaining: null,
      rate: 2 * MiB,
      source: 'stream bytes (size unknown)',
      measuredAt: T0 + 2000,
    });
  });

  it('becomes unbounded again when the total is lost, keeping what was measured', () => {
    const meter = new ProgressMeter('x', 1000);
    meter.report(0, T0);
    meter.report(400, T0 + 1000);
    meter.measure('host probe lost the process', null);
    expect(meter.snapshot(T0 + 1000, T0)).toMatchObject({
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: 400,
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
