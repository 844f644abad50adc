import {
  jobParamFields,
  type Job,
  type JobKind,
  type JobParams,
  type JobState,
} from '@poolwatch/shared';
import { formatBytes } from '../../lib/format';
import { formatDuration } from '../../lib/jobFormat';

const MiB = 1024 * 1024;

/** A bandwidth limit in people's words ("50 MiB/s", one decimal), null when there is none. */
export function limitWords(bytesPerSecond: number | null): string | null {
  return bytesPerSecond === null ? null : `${Math.round((bytesPerSecond / MiB) * 10) / 10} MiB/s`;
}

export const KIND_WORDS: Record<JobKind, string> = {
  'volume.create': 'Create',
  'volume.clone': 'Clone',
  'volume.upload': 'Upload',
  'volume.download': 'Download',
  'volume.wipe': 'Wipe',
  'volume.resize': 'Resize',
  'volume.delete': 'Delete',
  'pool.define': 'Define pool',
  'pool.build': 'Build pool',
  'pool.start': 'Start pool',
  'pool.stop': 'Stop pool',
  'pool.refresh': 'Refresh pool',
  'pool.autostart': 'Autostart',
  'pool.undefine': 'Undefine pool',
  'pool.delete': 'Delete pool',
};

export const STATE_TONE: Record<JobState, 'success' | 'info' | 'warning' | 'danger' | 'neutral'> = {
  queued: 'neutral',
  running: 'info',
  paused: 'warning',
  cancelling: 'warning',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
  ended: 'neutral',
};

/** "pool/volume → targetPool/targetVolume"; the arrow part only when there is a target. */
export function targetText(job: Job): string {
  const { pool, volume, targetPool, targetVolume } = job.target;
  const source = volume === null ? pool : `${pool}/${volume}`;
  if (targetPool === null && targetVolume === null) return source;
  return `${source} → ${targetPool ?? pool}/${targetVolume ?? ''}`;
}

/** How long it ran (or has been running, against `now`). */
export function jobDuration(job: Job, now = Date.now()): string | null {
  if (job.startedAt === null) return null;
  const end = job.endedAt === null ? now : Date.parse(job.endedAt);
  return formatDuration(end - Date.parse(job.startedAt));
}

/** "capacity 10 GiB, format qcow2": the submitted parameters, byte counts (per the kind's schema) as sizes. */
export function paramsSummary(params: JobParams): string {
  return jobParamFields(params)
    .filter(({ value }) => value !== undefined && value !== null && value !== '')
    .map(({ key, value, unit }) => `${key} ${formatParam(value, unit)}`)
    .join(', ');
}

function formatParam(value: unknown, unit: 'bytes' | null): string {
  if (typeof value === 'number' && unit === 'bytes') return formatBytes(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
