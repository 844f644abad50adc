import { Router } from 'express';
import { JOBS_NEXT_CURSOR_HEADER, jobCsv, routes } from '@poolwatch/shared';
import { NotFoundError } from '../../errors.js';
import type { JobEngine } from '../../jobs/job-engine.js';
import { auditChange } from '../auth-middleware.js';
import { route } from '../route.js';

/**
 * Job history and live state, and cancel (202 with the job; 409 when it cannot be). The list
 * stays a JSON array (existing clients); the next page's cursor rides in a header.
 */
export function jobRoutes(engine: JobEngine): Router {
  const router = Router();

  route(router, routes.jobs, (_req, res, { query }) => {
    const page = engine.page(query);
    if (page.nextCursor !== null) res.setHeader(JOBS_NEXT_CURSOR_HEADER, page.nextCursor);
    res.json(page.jobs);
  });

  route(router, routes.jobsCsv, (_req, res, { query }) => {
    const { jobs } = engine.page(query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="poolwatch-jobs.csv"');
    res.send(jobCsv(jobs));
  });

  route(router, routes.jobTimeline, (_req, res, { params }) => {
    const timeline = engine.timeline(params.id);
    if (!timeline) throw new NotFoundError(`no job with id ${JSON.stringify(params.id)}`);
    res.json(timeline);
  });

  route(router, routes.job, (_req, res, { params }) => {
    const job = engine.get(params.id);
    if (!job) throw new NotFoundError(`no job with id ${JSON.stringify(params.id)}`);
    res.json(job);
  });

  route(router, routes.jobCancel, (req, res, { params }) => {
    // History says who: `cancelled by <user>`, not a failure.
    res.status(202).json(engine.cancel(params.id, { by: req.principal?.user }));
  });

  // Pause, resume, limits: answered once the host holds (or limits) the work; 409 says why not.
  // The audit row gets old → new (auditChange), read before and after the change.
  route(router, routes.jobPause, async (req, res, { params }) => {
    const from = engine.get(params.id)?.state ?? null;
    const job = await engine.pause(params.id, req.principal?.user ?? null);
    auditChange(res, { state: { from, to: job.state } });
    res.status(202).json(job);
  });

  route(router, routes.jobResume, async (req, res, { params }) => {
    const from = engine.get(params.id)?.state ?? null;
    const job = await engine.resume(params.id, req.principal?.user ?? null);
    auditChange(res, { state: { from, to: job.state } });
    res.status(202).json(job);
  });

  route(router, routes.jobLimits, async (req, res, { params, body }) => {
    const from = engine.get(params.id)?.limits.bytesPerSecond ?? null;
    const job = await engine.setLimit(params.id, body.bytesPerSecond, req.principal?.user ?? null);
    auditChange(res, { bytesPerSecond: { from, to: job.limits.bytesPerSecond } });
    res.json(job);
  });

  return router;
}
