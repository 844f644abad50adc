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

/** The last failed/interrupted jobs, most recently ended first. */
export function recentFailures(jobs: readonly Job[], count = FAILURES_SHOWN): Job[] {
  return jobs
    .filter((job) => FAILED.has(job.state))
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
