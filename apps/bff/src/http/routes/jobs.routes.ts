import { Router } from 'express';
import { routes } from '@poolwatch/shared';
import { NotFoundError } from '../../errors.js';
import type { JobEngine } from '../../jobs/job-engine.js';
import { route } from '../route.js';

/** Job history and live state, and cancel (202 with the job; 409 when it cannot be). */
export function jobRoutes(engine: JobEngine): Router {
  const router = Router();

  route(router, routes.jobs, (_req, res, { query }) => {
    res.json(engine.list(query));
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

  return router;
}
