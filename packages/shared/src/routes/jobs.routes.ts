import { z } from 'zod';
import { JobListQuerySchema, JobSchema } from '../jobs.js';
import { defineRoute } from './contract.js';
import { opaqueIdParam } from './params.js';

const jobId = opaqueIdParam('job id');

/** Job history and live state, and cancel (202 with the job; 409 when it cannot be). */
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
} as const;
