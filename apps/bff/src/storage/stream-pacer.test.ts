import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamPacer } from './stream-pacer.js';

/** The pacer on a fake clock: what passes, and when, under pause and limits. */
describe('StreamPacer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  /** Bytes admitted after `ms` of (fake) time, pushing `chunk`-byte chunks as fast as allowed. */
  async function pump(pacer: StreamPacer, chunk: number, ms: number): Promise<() => number> {
    let passed = 0;
    let stop = false;
    void (async () => {
      while (!stop) {
        const held = pacer.admit(chunk);
        if (held) await held;
        if (stop) break;
        passed += chunk;
        if (!held) await Promise.resolve();
      }
    })();
    await vi.advanceTimersByTimeAsync(ms);
    return () => {
      stop = true;
      pacer.close();
      return passed;
    };
  }

  it('lets everything through when neither paused nor limited', () => {
    const pacer = new StreamPacer();
    expect(pacer.admit(1 << 20)).toBeNull();
  });

  it('holds every chunk while paused and lets them go on resume', async () => {
    const pacer = new StreamPacer();
    pacer.pause();
    let released = false;
    void pacer.admit(65536)!.then(() => (released = true));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(released).toBe(false);
    pacer.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toBe(true);
  });

  it('keeps to the limit over 5 s, and follows a change live', async () => {
    const pacer = new StreamPacer();
    const rate = 10 * 1048576;
    pacer.limit(rate);
    const end = await pump(pacer, 65536, 5000);
    const passed = end();
    expect(passed).toBeLessThanOrEqual(rate * 5 * 1.02);
    expect(passed).toBeGreaterThanOrEqual(rate * 5 * 0.95);
  });

  it('does not pay back time lost to a slow consumer in one burst', async () => {
    const pacer = new StreamPacer();
    const rate = 1048576;
    pacer.limit(rate);
    expect(pacer.admit(rate)).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000); // the consumer stalled for 10 s
    const end = await pump(pacer, 65536, 1000);
    // At most ~2 s worth (the one-second bucket plus the second itself), not 11 s worth.
    expect(end()).toBeLessThanOrEqual(rate * 2.1);
  });
});
