import type { Job } from '@poolwatch/shared';
import { formatBytes } from '../../lib/format';

/**
 * "resumed at 128 MiB" for a tus upload that went on after a drop, a closed tab or a BFF
 * restart (`params.resumedFrom`: the offset of the latest resume); null for any other job.
 */
export function resumedAtText(job: Job): string | null {
  const { params } = job;
  if (params.kind !== 'volume.upload' || params.resumedFrom == null) return null;
  const times = (params.resumes ?? 1) > 1 ? ` (resumed ${params.resumes} times)` : '';
  return `resumed at ${formatBytes(params.resumedFrom)}${times}`;
}

/** The resume offset in bytes (for data-resumed-from), or undefined. */
export function resumedFromOf(job: Job): number | undefined {
  return job.params.kind === 'volume.upload' ? (job.params.resumedFrom ?? undefined) : undefined;
}
