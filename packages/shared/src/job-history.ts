import { z } from 'zod';
import { JobKindSchema, JobOriginSchema, JobStateSchema, type Job } from './jobs.js';
import { HostIdSchema } from './names.js';

/**
 * Reading job history: the list's filters and cursor, a job's timeline (what happened to it,
 * who asked) and its recorded progress samples (for the rate-over-time chart).
 */

/** The next page's opaque cursor travels in this response header (absent on the last page). */
export const JOBS_NEXT_CURSOR_HEADER = 'x-next-cursor';

/** 'poolwatch': started through Poolwatch; 'external': seen on the host, started elsewhere. */

const IsoTime = z.iso.datetime({ offset: true });

export const JobListQuerySchema = z.object({
  /** active/finished (groups) or one exact state. */
  state: z.union([z.enum(['active', 'finished']), JobStateSchema]).optional(),
  hostId: HostIdSchema.optional(),
  /** The same as hostId (the jobs page's short name); both given must agree. */
  host: HostIdSchema.optional(),
  /** Source or target pool. */
  pool: z.string().min(1).max(1024).optional(),
  kind: JobKindSchema.optional(),
  origin: JobOriginSchema.optional(),
  /** Who started the job. */
  user: z.string().min(1).max(256).optional(),
  /** createdAt bounds (ISO 8601), from inclusive, to exclusive. */
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  /** From the previous page's `x-next-cursor` header: the page after it. */
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type JobListQuery = z.infer<typeof JobListQuerySchema>;

/** The same filters for the CSV export (no cursor: the whole match, up to `limit`). */
export const JobCsvQuerySchema = JobListQuerySchema.omit({ cursor: true, limit: true }).extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});
export type JobCsvQuery = z.infer<typeof JobCsvQuerySchema>;

export const JobEventTypeSchema = z.enum([
  'queued',
  'started',
  /** A progress milestone (25/50/75 % of a bounded job). */
  'progress',
  'cancel-requested',
  /** Pause, resume and bandwidth limit changes (issue 11), with who and old → new. */
  'paused',
  'resumed',
  'limit-changed',
  'ended',
  'error',
]);
export type JobEventType = z.infer<typeof JobEventTypeSchema>;

export const JobEventSchema = z.object({
  at: z.string(),
  type: JobEventTypeSchema,
  /** The user who caused it (submit, cancel); null when nobody asked. */
  by: z.string().nullable(),
  /** One human line ("cancel requested by alice", "succeeded", "50 % copied"). */
  message: z.string(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

export const JobSampleSchema = z.object({
  /** Epoch ms when the figure was taken. */
  at: z.number(),
  /** Bytes done; null for unbounded jobs. */
  processed: z.number().nonnegative().nullable(),
  /** Smoothed bytes per second at that moment; null when not measurable. */
  rate: z.number().nonnegative().nullable(),
});
export type JobSample = z.infer<typeof JobSampleSchema>;

export const JobTimelineSchema = z.object({
  events: z.array(JobEventSchema),
  /** Oldest first; about one per second, thinned for long jobs (bounded per job). */
  samples: z.array(JobSampleSchema),
});
export type JobTimeline = z.infer<typeof JobTimelineSchema>;

/** CSV columns of the export, in order. */
export const JOB_CSV_COLUMNS = [
  'id',
  'createdAt',
  'startedAt',
  'endedAt',
  'hostId',
  'kind',
  'state',
  'origin',
  'startedBy',
  'cancelledBy',
  'pool',
  'volume',
  'targetPool',
  'targetVolume',
  'dataTotal',
  'dataProcessed',
  'error',
  'params',
] as const;

/** One CSV cell: RFC 4180 quoting; a leading = + - @ (or tab/CR) gets a ' so no sheet runs it. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The export: a header row, then one row per job (RFC 4180, CRLF line ends). */
export function jobCsv(jobs: readonly Job[]): string {
  const rows = jobs.map((job) =>
    csvRow([
      job.id,
      job.createdAt,
      job.startedAt,
      job.endedAt,
      job.hostId,
      job.kind,
      job.state,
      // Job.origin arrives with external jobs; until then every job is Poolwatch's own.
      (job as { origin?: string }).origin ?? 'poolwatch',
      job.startedBy,
      job.cancelledBy,
      job.target.pool,
      job.target.volume,
      job.target.targetPool,
      job.target.targetVolume,
      job.progress.dataTotal,
      job.progress.dataProcessed,
      job.error ? `${job.error.id}: ${job.error.message}` : null,
      JSON.stringify(job.params),
    ]),
  );
  return csvRow(JOB_CSV_COLUMNS) + rows.join('');
}
