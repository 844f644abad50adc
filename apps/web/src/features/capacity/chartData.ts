import { fullInDays, type CapacitySample, type PoolHistory } from '@poolwatch/shared';
import { formatBytes } from '../../lib/format';

const DAY_MS = 24 * 3600_000;
/** The forecast line is drawn this far past the last sample at most (the chip says the rest). */
const FORECAST_DRAWN_MS = 30 * DAY_MS;
const WINDOW_MS = 7 * DAY_MS;

/** uPlot's columns: x in seconds, then one array per series (null = no point). */
export type Columns = [number[], ...(number | null)[][]];

const seconds = (ms: number) => ms / 1000;

/**
 * Allocation and capacity over time, and the forecast line: the fitted line runs through
 * (fullAt, capacity) with slope bytesPerDay; drawn from 7 days before the last sample to
 * fullAt (at most 30 days ahead).
 */
export function poolColumns(history: PoolHistory): Columns {
  const x = history.samples.map((s) => seconds(Date.parse(s.at)));
  const allocation: (number | null)[] = history.samples.map((s) => s.allocation);
  const capacity: (number | null)[] = history.samples.map((s) => s.capacity);
  const forecast: (number | null)[] = x.map(() => null);
  const { fullAt, bytesPerDay } = history.forecast;
  const lastAt = history.samples.at(-1)?.at;
  const lastCapacity = [...history.samples].reverse().find((s) => s.capacity !== null)?.capacity;
  if (fullAt && bytesPerDay && lastAt && lastCapacity != null) {
    const full = Date.parse(fullAt);
    const line = (t: number) => lastCapacity - (bytesPerDay * (full - t)) / DAY_MS;
    const last = Date.parse(lastAt);
    const start = Math.max(Date.parse(history.samples[0]!.at), last - WINDOW_MS);
    const end = Math.min(full, last + FORECAST_DRAWN_MS);
    const startIndex = x.findIndex((t) => t >= seconds(start));
    if (startIndex >= 0) forecast[startIndex] = line(x[startIndex]! * 1000);
    forecast[forecast.length - 1] = line(last);
    if (end > last) {
      x.push(seconds(end));
      allocation.push(null);
      capacity.push(null);
      forecast.push(line(end));
    }
  }
  return [x, allocation, capacity, forecast];
}

/** Pools of one host stacked: each column is the running total up to that pool. */
export function stackedColumns(
  pools: readonly { name: string; samples: readonly CapacitySample[] }[],
): Columns {
  const times = [...new Set(pools.flatMap((p) => p.samples.map((s) => Date.parse(s.at))))].sort(
    (a, b) => a - b,
  );
  const byPool = pools.map(
    (p) => new Map(p.samples.map((s) => [Date.parse(s.at), s.allocation] as const)),
  );
  const totals = times.map(() => 0);
  const series = byPool.map((values) =>
    times.map((t, i) => {
      const value = values.get(t);
      if (value == null) return null;
      totals[i]! += value;
      return totals[i]!;
    }),
  );
  return [times.map(seconds), ...series];
}

/** The chart in one sentence with its figures, for screen readers and as a caption. */
export function poolSummary(history: PoolHistory, now: Date): string {
  const measured = history.samples.filter((s) => s.allocation !== null);
  const last = measured.at(-1);
  const first = measured[0];
  const parts: string[] = [];
  if (!last || !first) {
    parts.push('No capacity samples recorded yet.');
  } else {
    const of = last.capacity === null ? '' : ` of ${formatBytes(last.capacity)}`;
    parts.push(
      `${measured.length.toLocaleString('en-US')} samples from ${new Date(first.at).toLocaleString()} ` +
        `to ${new Date(last.at).toLocaleString()}: allocation went from ` +
        `${formatBytes(first.allocation!)} to ${formatBytes(last.allocation!)}${of}.`,
    );
  }
  const { fullAt, bytesPerDay, basis } = history.forecast;
  if (fullAt && bytesPerDay) {
    const { days } = fullInDays(fullAt, now);
    parts.push(
      `Forecast: full in ${days} ${days === 1 ? 'day' : 'days'} (${new Date(fullAt).toLocaleDateString()}), ` +
        `growing ${formatBytes(bytesPerDay)} per day; ${basis}.`,
    );
  } else {
    parts.push(`No forecast: ${basis.replace(/^no forecast: /, '')}.`);
  }
  return parts.join(' ');
}
