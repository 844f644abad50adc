import type { JobProgress } from '@poolwatch/shared';

/**
 * Turns measured byte counts into the virDomainJobInfo-shaped `JobProgress`. Pure: the
 * caller passes every time in, so tests need no clock.
 *
 * Rate is an EWMA of per-interval rates with a ~2 s time constant: it follows a real
 * change of speed within a few seconds while ignoring the jitter of one sample (virsh
 * streams arrive in bursts, host probes are read every few hundred ms).
 */
export const RATE_TIME_CONSTANT_MS = 2000;
/** Shorter intervals are folded into the next one: two samples 3 ms apart say nothing. */
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
  /** Start of the interval the next rate sample will cover. */
  private anchor: Sample | null = null;
  private rate: number | null = null;
  /** When the sample behind maxProcessed was taken. */
  private measuredAt: number | null = null;

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

  report(processed: number, atMs: number): void {
    const bytes = normalize(processed);
    if (bytes === null || !Number.isFinite(atMs)) return;
    // A lower sample (a probe that read a stale counter) never moves figures backwards.
    if (this.maxProcessed === null || bytes >= this.maxProcessed) this.measuredAt = atMs;
    this.maxProcessed = Math.max(this.maxProcessed ?? 0, bytes);
    const current = { bytes: this.maxProcessed, atMs };
    if (this.anchor === null) {
      this.anchor = current;
      return;
    }
    const dt = atMs - this.anchor.atMs;
    // Too short (or out of order): keep the anchor so the next interval covers this one.
    if (dt < MIN_RATE_INTERVAL_MS) return;
    const instant = ((current.bytes - this.anchor.bytes) / dt) * 1000;
    const alpha = 1 - Math.exp(-dt / RATE_TIME_CONSTANT_MS);
    this.rate = this.rate === null ? instant : this.rate + alpha * (instant - this.rate);
    this.anchor = current;
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
    const rate = this.rate === null ? null : Math.max(0, this.rate);
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
    const timeRemaining =
      rate !== null && rate > 0 ? Math.ceil((dataRemaining / rate) * 1000) : null;
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
