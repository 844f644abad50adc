import type { JobProgress } from '@poolwatch/shared';
import { formatBytes } from './format';

/** Words for job progress: "3.2 of 10 GiB, 120 MiB/s, about 1 min left". */

/** 12 s, 2 min 3 s, 1 h 5 min: two units at most, the larger ones only. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes < 60) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Said while the BFF has no stable rate yet (it sends timeRemaining: null until then). */
const ESTIMATING = 'estimating…';
/** "almost done" only this close to the end: a few seconds left at 12 % is a guess gone wrong. */
const ALMOST_DONE_PERCENT = 95;

/** An estimate, rounded the way a person would say it; `percent` done gates "almost done". */
export function formatEta(ms: number, percent = 100): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 5) return percent >= ALMOST_DONE_PERCENT ? 'almost done' : 'about 5 s left';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `about ${hours} h ${rest} min left` : `about ${hours} h left`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** The percentage done, 1 decimal, only when the job is bounded and measured. */
export function progressPercent(progress: JobProgress): number | null {
  const { type, dataTotal, dataProcessed } = progress;
  if (type !== 'bounded' || dataTotal === null || dataProcessed === null) return null;
  if (dataTotal === 0) return 100;
  const percent = Math.min(100, Math.max(0, (dataProcessed / dataTotal) * 100));
  return Math.round(percent * 10) / 10;
}

/** "3.2 of 10 GiB" when both share a unit, else "512 MiB of 10 GiB". */
export function formatOf(done: number, total: number): string {
  const a = formatBytes(done);
  const b = formatBytes(total);
  const [aNum, aUnit] = a.split(' ');
  const [, bUnit] = b.split(' ');
  return aUnit === bUnit ? `${aNum} of ${b}` : `${a} of ${b}`;
}

/** The whole sentence for aria-valuetext and the tooltip. */
export function progressText(progress: JobProgress, queued = false): string {
  if (queued) return 'waiting to start';
  const { dataTotal, dataProcessed, rate, timeRemaining, timeElapsed } = progress;
  const percent = progressPercent(progress);
  if (percent !== null && dataTotal !== null && dataProcessed !== null) {
    const parts = [formatOf(dataProcessed, dataTotal)];
    if (rate !== null) parts.push(formatRate(rate));
    if (timeRemaining !== null) parts.push(formatEta(timeRemaining, percent));
    else if (percent < 100) parts.push(ESTIMATING);
    return parts.join(', ');
  }
  if (dataProcessed !== null) {
    const parts = [`${formatBytes(dataProcessed)} so far`];
    if (rate !== null) parts.push(formatRate(rate));
    parts.push(`${formatDuration(timeElapsed)} elapsed`);
    return parts.join(', ');
  }
  return `running for ${formatDuration(timeElapsed)}`;
}
