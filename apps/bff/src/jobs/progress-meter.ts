import type { JobProgress } from '@poolwatch/shared';

/**
 * Turns measured byte counts into the virDomainJobInfo-shaped `JobProgress`. Pure: the
 * caller passes every time in, so tests need no clock.
 *
 * Rate is measured bytes over a sliding window (the last RATE_WINDOW_MS of samples): what
 * really moved, not an average of bursty per-interval rates, so one burst or one slow
 * sample moves it only by its share of the window and the ETA never swings more than that.
 * The rate is shown once the samples span RATE_AFTER_MS; the ETA only once they span
 * ESTIMATE_AFTER_MS (until then the UI says "estimating…"): a first interval says nothing
 * about the next hour.
 */
export const RATE_WINDOW_MS = 10_000;
export const RATE_AFTER_MS = 500;
export const ESTIMATE_AFTER_MS = 3000;
/** Samples closer than this replace the newest one: the window holds a bounded number. */
export const MIN_RATE_INTERVAL_MS = 50;

interface Sample {
  bytes: number;
  atMs: number;
}

export class ProgressMeter {
  private source: string;
  private total: number | null;
  /** Highest count ever reported, not yet clamped to total (total may change later). */
  private maxProcessed: number | null = null;
  /** Oldest first; the first one is the last sample at or before the window's start. */
  private window: Sample[] = [];
  /** When the sample behind maxProcessed was taken. */
  private measuredAt: number | null = null;
  /** Paused: nothing moves, so no rate and no ETA. */
  private held = false;

  constructor(source: string, total: number | null = null) {
    this.source = source;
    this.total = normalize(total);
  }

  /**
   * Changes what is measured. Samples are kept: a runner that switches source (stream ->
   * host probe) still counts the same bytes, and figures on screen must not jump back.
   */
  measure(source: string, total: number | null): void {
    this.source = source;
    this.total = normalize(total);
  }

  /** The job is paused: rate and ETA say nothing until it runs again. */
  hold(): void {
    this.held = true;
  }

  /** Resumed: the rate starts afresh (the paused span says nothing about the speed). */
  release(): void {
    this.held = false;
    this.window = [];
  }

  report(processed: number, atMs: number): void {
    const bytes = normalize(processed);
    if (bytes === null || !Number.isFinite(atMs)) return;
    // A lower sample (a probe that read a stale counter) never moves figures backwards.
    if (this.maxProcessed === null || bytes >= this.maxProcessed) this.measuredAt = atMs;
    this.maxProcessed = Math.max(this.maxProcessed ?? 0, bytes);
    const current = { bytes: this.maxProcessed, atMs };
    const w = this.window;
    const newest = w[w.length - 1];
    if (newest && atMs < newest.atMs) return; // out of order: says nothing about the rate
    const previous = w[w.length - 2];
    if (newest && previous && atMs - previous.atMs < MIN_RATE_INTERVAL_MS)
      w[w.length - 1] = current;
    else w.push(current);
    // Keep one sample at or before the window's start, so the window spans all of it.
    while (w.length > 2 && w[1]!.atMs <= atMs - RATE_WINDOW_MS) w.shift();
  }

  /** How long the window's samples span. */
  private span(): number {
    const first = this.window[0];
    const last = this.window[this.window.length - 1];
    return first && last ? last.atMs - first.atMs : 0;
  }

  /** Bytes per second over the window, or null while it spans less than RATE_AFTER_MS. */
  private rate(): number | null {
    const span = this.span();
    if (span < RATE_AFTER_MS) return null;
    const moved = this.window[this.window.length - 1]!.bytes - this.window[0]!.bytes;
    return (moved / span) * 1000;
  }

  snapshot(nowMs: number, startedAtMs: number | null): JobProgress {
    const timeElapsed = startedAtMs === null ? 0 : Math.max(0, Math.round(nowMs - startedAtMs));
    const total = this.total;
    const processed =
      this.maxProcessed === null
        ? null
        : total === null
          ? this.maxProcessed
          : Math.min(this.maxProcessed, total);
    const rate = this.held ? null : this.rate();
    if (total === null || processed === null) {
      // Unbounded: elapsed time, plus whatever was measured without a known total.
      return {
        type: 'unbounded',
        dataTotal: total,
        dataProcessed: processed,
        dataRemaining: null,
        timeElapsed,
        timeRemaining: null,
        rate,
        source: this.source,
        measuredAt: this.measuredAt,
      };
    }
    const dataRemaining = Math.max(0, total - processed);
    const stable = rate !== null && rate > 0 && this.span() >= ESTIMATE_AFTER_MS;
    const timeRemaining = stable ? Math.ceil((dataRemaining / rate) * 1000) : null;
    return {
      type: 'bounded',
      dataTotal: total,
      dataProcessed: processed,
      dataRemaining,
      timeElapsed,
      timeRemaining,
      rate,
      source: this.source,
      measuredAt: this.measuredAt,
    };
  }
}

/** Byte counts on the wire are non-negative integers; garbage (NaN, Infinity) is dropped. */
function normalize(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Math.max(0, Math.floor(value));
}
