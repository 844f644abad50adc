import { z } from 'zod';
import { JobCsvQuerySchema, JobListQuerySchema, JobTimelineSchema } from '../job-history.js';
import { JobLimitsRequestSchema } from '../job-requests.js';
import { JobSchema } from '../jobs.js';
import { defineRoute } from './contract.js';
import { opaqueIdParam } from './params.js';

const jobId = opaqueIdParam('job id');

/**
 * Job history and live state, and cancel (202 with the job; 409 when it cannot be). `jobs`
 * pages with an opaque cursor: the next page's is in the `x-next-cursor` header.
 */
export const jobRoutes = {
  jobs: defineRoute({
    id: 'jobs',
    method: 'GET',
    path: '/jobs',
    params: {},
    query: JobListQuerySchema,
    response: z.array(JobSchema),
    status: 200,
    role: 'viewer',
  }),
  /** The same filters as `jobs`, every match (newest first) as RFC 4180 CSV. */
  jobsCsv: defineRoute({
    id: 'jobsCsv',
    method: 'GET',
    path: '/jobs.csv',
    params: {},
    query: JobCsvQuerySchema,
    response: null,
    status: 200,
    role: 'viewer',
  }),
  /** What happened to a job (events with who) and its recorded progress samples. */
  jobTimeline: defineRoute({
    id: 'jobTimeline',
    method: 'GET',
    path: '/jobs/:id/timeline',
    params: { id: jobId },
    response: JobTimelineSchema,
    status: 200,
    role: 'viewer',
  }),
  job: defineRoute({
    id: 'job',
    method: 'GET',
    path: '/jobs/:id',
    params: { id: jobId },
    response: JobSchema,
    status: 200,
    role: 'viewer',
  }),
  jobCancel: defineRoute({
    id: 'jobCancel',
    method: 'POST',
    path: '/jobs/:id/cancel',
    params: { id: jobId },
    response: JobSchema,
    status: 202,
    role: 'admin',
    audit: 'job.cancel',
  }),
  /** Holds a running job on its host (202; 409 with the reason when it cannot be paused). */
  jobPause: defineRoute({
    id: 'jobPause',
    method: 'POST',
    path: '/jobs/:id/pause',
    params: { id: jobId },
    response: JobSchema,
    status: 202,
    role: 'admin',
    audit: 'job.pause',
  }),
  jobResume: defineRoute({
    id: 'jobResume',
    method: 'POST',
    path: '/jobs/:id/resume',
    params: { id: jobId },
    response: JobSchema,
    status: 202,
    role: 'admin',
    audit: 'job.resume',
  }),
  /** Sets or lifts a running job's bandwidth limit, live (409 when nothing can enforce it). */
  jobLimits: defineRoute({
    id: 'jobLimits',
    method: 'PUT',
    path: '/jobs/:id/limits',
    params: { id: jobId },
    body: JobLimitsRequestSchema,
    response: JobSchema,
    status: 200,
    role: 'admin',
    audit: 'job.limits',
  }),
} as const;
