import { Router } from 'express';
import { JobListQuerySchema } from '@poolwatch/shared';
import { NotFoundError } from '../../errors.js';
import type { JobEngine } from '../../jobs/job-engine.js';
import { parseBody } from '../body.js';

/** Job history and live state, and cancel (202 with the job; 409 when it cannot be). */
export function jobRoutes(engine: JobEngine): Router {
  const router = Router();

  router.get('/jobs', (req, res) => {
    res.json(engine.list(parseBody(JobListQuerySchema, req.query, 'query')));
  });

  router.get('/jobs/:id', (req, res) => {
    const job = engine.get(String(req.params.id));
    if (!job) throw new NotFoundError(`no job with id ${JSON.stringify(req.params.id)}`);
    res.json(job);
  });

  router.post('/jobs/:id/cancel', (req, res) => {
    // History says who: `cancelled by <user>`, not a failure.
    res.status(202).json(engine.cancel(String(req.params.id), { by: req.principal?.user }));
  });

  return router;
}
