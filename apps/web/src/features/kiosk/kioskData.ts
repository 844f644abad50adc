import { isActiveJobState, type Job } from '@poolwatch/shared';

/**
 * The kiosk cannot rely on window focus (a wall screen is never focused): the socket keeps
 * it current, and every query is also refetched on this interval, in the background too.
 */
export const KIOSK_REFRESH_MS = 15_000;
/** How often the deployed build is asked for, besides `server:hello` on each connect. */
export const BUILD_CHECK_MS = 60_000;
/** Failed or interrupted jobs shown. */
export const FAILURES_SHOWN = 5;

export const kioskRefresh = {
  refetchInterval: KIOSK_REFRESH_MS,
  refetchIntervalInBackground: true,
  refetchOnWindowFocus: false,
} as const;

const FAILED: ReadonlySet<Job['state']> = new Set(['failed', 'interrupted']);

/** Failures older than this leave the wall (`?failures=HOURS` changes it). */
export const FAILURE_WINDOW_HOURS = 24;
/** A tile whose data is older than this says so (two missed refreshes and some slack). */
export const TILE_STALE_MS = 2 * KIOSK_REFRESH_MS + 5_000;

/** `?failures=HOURS`: a positive number of hours (fractions allowed), else the default. */
export function parseFailureWindow(value: string | null): number {
  const hours = value === null ? NaN : Number(value);
  return Number.isFinite(hours) && hours > 0 && hours <= 24 * 366 ? hours : FAILURE_WINDOW_HOURS;
}

/** The last failed/interrupted jobs that ended within the window, most recently ended first. */
export function recentFailures(
  jobs: readonly Job[],
  now: number,
  windowHours = FAILURE_WINDOW_HOURS,
  count = FAILURES_SHOWN,
): Job[] {
  const since = now - windowHours * 3_600_000;
  return jobs
    .filter((job) => FAILED.has(job.state) && Date.parse(job.endedAt ?? job.createdAt) >= since)
    .sort((a, b) => (b.endedAt ?? b.createdAt).localeCompare(a.endedAt ?? a.createdAt))
    .slice(0, count);
}

/** Running first (the ones moving), then queued/cancelling; oldest first within each. */
export function runningJobs(jobs: readonly Job[]): Job[] {
  const rank = (job: Job) => (job.state === 'running' ? 0 : 1);
  return jobs
    .filter((job) => isActiveJobState(job.state))
    .sort((a, b) => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt));
}

/** `?cycle=SECONDS`: a whole number of seconds ≥ 3, else no cycling. */
export function parseCycle(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 3) return null;
  return Math.round(seconds);
}

/**
 * Split items into screens: given each item's top and height (as laid out in one column),
 * the index each page starts at, so that every item of a page fits in `height`. An item
 * taller than the screen gets a page of its own.
 */
export function pageStarts(items: readonly { top: number; height: number }[], height: number) {
  const starts: number[] = [];
  let pageTop = 0;
  items.forEach((item, index) => {
    if (index === 0 || item.top + item.height - pageTop > height) {
      starts.push(index);
      pageTop = item.top;
    }
  });
  return starts;
}

/** Night dimming: minutes after local midnight when it starts and ends (may wrap midnight). */
export interface DimWindow {
  start: number;
  end: number;
}

/** `?dim=22:00-07:00` (24-hour local times); anything else: no dimming. */
export function parseDim(value: string | null): DimWindow | null {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return null;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return start === end ? null : { start, end };
}

/** Whether the local time of `now` falls in the window (start inclusive, end exclusive). */
export function isDimmed(window: DimWindow | null, now: Date): boolean {
  if (window === null) return false;
  const minute = now.getHours() * 60 + now.getMinutes();
  return window.start < window.end
    ? minute >= window.start && minute < window.end
    : minute >= window.start || minute < window.end;
}
