import { z } from 'zod';

/** One capacity sample of a pool, as the inventory's poll read it (bytes; null = unknown). */
export const CapacitySampleSchema = z.object({
  at: z.string(),
  capacity: z.number().nullable(),
  allocation: z.number().nullable(),
  available: z.number().nullable(),
});
export type CapacitySample = z.infer<typeof CapacitySampleSchema>;

/**
 * When the pool is projected to be full. `fullAt`/`bytesPerDay` are null when there is no
 * forecast; `basis` always says what was used, or why there is none.
 */
export const CapacityForecastSchema = z.object({
  fullAt: z.string().nullable(),
  bytesPerDay: z.number().nullable(),
  basis: z.string(),
});
export type CapacityForecast = z.infer<typeof CapacityForecastSchema>;

export const PoolHistorySchema = z.object({
  samples: z.array(CapacitySampleSchema),
  forecast: CapacityForecastSchema,
});
export type PoolHistory = z.infer<typeof PoolHistorySchema>;

/** Every pool's forecast on one host, by pool name: one request for all the chips of a host. */
export const HostForecastsSchema = z.object({
  pools: z.record(z.string(), CapacityForecastSchema),
});
export type HostForecasts = z.infer<typeof HostForecastsSchema>;

/** At most a year back (what is kept); `from` must not be after `to`. Defaults: the last 7 days. */
export const HISTORY_MAX_RANGE_MS = 366 * 24 * 3600_000;
export const PoolHistoryQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine(
    ({ from, to }) => from === undefined || to === undefined || Date.parse(from) <= Date.parse(to),
    { message: 'from must not be after to' },
  )
  .refine(
    ({ from, to }) =>
      from === undefined ||
      to === undefined ||
      Date.parse(to) - Date.parse(from) <= HISTORY_MAX_RANGE_MS,
    { message: 'the range may span at most 366 days' },
  );

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** The window the line is fitted over, and the least history that makes a forecast. */
export const FORECAST_WINDOW_MS = 7 * DAY_MS;
export const FORECAST_MIN_SPAN_MS = DAY_MS;
/** Beyond this the "trend" is noise on a flat pool: no date is promised. */
const FORECAST_HORIZON_MS = 10 * 365 * DAY_MS;

const none = (basis: string, bytesPerDay: number | null = null): CapacityForecast => ({
  fullAt: null,
  bytesPerDay,
  basis,
});

function describeSpan(ms: number): string {
  const days = ms / DAY_MS;
  if (days >= 1) return `${days >= 6.95 ? 7 : Number(days.toFixed(1))} days`;
  return `${Number((ms / HOUR_MS).toFixed(1))} hours`;
}

/**
 * Least-squares line through allocation over the last 7 days (before `now`); full is where
 * the line reaches the latest known capacity. A forecast only with ≥ 24 h of samples and an
 * upward trend; otherwise `fullAt` is null and `basis` says why.
 */
export function forecastFull(samples: readonly CapacitySample[], now: Date): CapacityForecast {
  const end = now.getTime();
  const points = samples
    .map((s) => ({ t: Date.parse(s.at), y: s.allocation, capacity: s.capacity }))
    .filter(
      (p): p is { t: number; y: number; capacity: number | null } =>
        p.y !== null && Number.isFinite(p.t) && p.t <= end && p.t > end - FORECAST_WINDOW_MS,
    )
    .sort((a, b) => a.t - b.t);
  if (points.length < 2) return none('no forecast: fewer than 2 samples in the last 7 days');
  const t0 = points[0]!.t;
  const span = points[points.length - 1]!.t - t0;
  if (span < FORECAST_MIN_SPAN_MS) {
    return none(`no forecast: only ${describeSpan(span)} of samples (needs 24 hours)`);
  }
  // Fit in days since the first point: keeps the sums well inside double precision.
  const n = points.length;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += (p.t - t0) / DAY_MS;
    sy += p.y;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    const dx = (p.t - t0) / DAY_MS - mx;
    sxy += dx * (p.y - my);
    sxx += dx * dx;
  }
  const slope = sxy / sxx; // bytes per day
  const fit = `least squares over ${describeSpan(span)} of samples (${n.toLocaleString('en-US')} points)`;
  if (!(slope > 0)) return none(`no forecast: allocation is not growing (${fit})`, slope);
  const capacity = [...points].reverse().find((p) => p.capacity !== null)?.capacity ?? null;
  if (capacity === null) return none(`no forecast: capacity unknown (${fit})`, slope);
  const daysToFull = mx + (capacity - my) / slope; // days after t0 where the line meets capacity
  const fullAtMs = Math.max(end, t0 + daysToFull * DAY_MS);
  if (fullAtMs - end > FORECAST_HORIZON_MS) {
    return none(`no forecast: growth too slow to reach capacity within 10 years (${fit})`, slope);
  }
  return { fullAt: new Date(fullAtMs).toISOString(), bytesPerDay: slope, basis: fit };
}

/** Whole days until `fullAt` (0 when due), and how urgent: critical < 7 days, warning < 30. */
export function fullInDays(
  fullAt: string,
  now: Date,
): { days: number; level: 'critical' | 'warning' | 'ok' } {
  const days = Math.max(0, Math.floor((Date.parse(fullAt) - now.getTime()) / DAY_MS));
  return { days, level: days < 7 ? 'critical' : days < 30 ? 'warning' : 'ok' };
}
