import { Router } from 'express';
import {
  AutostartRequestSchema,
  DefinePoolRequestSchema,
  DeletePoolQuerySchema,
} from '@poolwatch/shared';
import { definePoolJob } from '../../storage/pool-define.js';
import type { StorageService } from '../../storage/storage-service.js';
import {
  autostartJob,
  poolActionJob,
  removePoolJob,
  type PoolAction,
} from '../../storage/pool-jobs.js';
import { parseBody } from '../body.js';
import { hostIdParam, poolParam } from '../params.js';

/** Pool mutations (202 + Job) and what a pool's backend supports. */
export function poolJobRoutes(storage: StorageService): Router {
  const router = Router();
  const pool = '/hosts/:hostId/pools/:pool';

  router.post('/hosts/:hostId/pools', async (req, res) => {
    const hostId = hostIdParam(req.params);
    const body = parseBody(DefinePoolRequestSchema, req.body);
    res.status(202).json(await storage.submit(hostId, (s) => definePoolJob(s, body)));
  });

  for (const action of ['start', 'stop', 'build', 'refresh'] satisfies PoolAction[]) {
    router.post(`${pool}/${action}`, async (req, res) => {
      const [hostId, name] = [hostIdParam(req.params), poolParam(req.params)];
      res.status(202).json(await storage.submit(hostId, (s) => poolActionJob(s, name, action)));
    });
  }

  router.put(`${pool}/autostart`, async (req, res) => {
    const [hostId, name] = [hostIdParam(req.params), poolParam(req.params)];
    const { autostart } = parseBody(AutostartRequestSchema, req.body);
    res.status(202).json(await storage.submit(hostId, (s) => autostartJob(s, name, autostart)));
  });

  router.delete(pool, async (req, res) => {
    const [hostId, name] = [hostIdParam(req.params), poolParam(req.params)];
    const { deleteData } = parseBody(DeletePoolQuerySchema, req.query, 'query');
    res
      .status(202)
      .json(await storage.submit(hostId, (s) => removePoolJob(s, name, deleteData === 'true')));
  });

  router.get(`${pool}/wipe-algorithms`, async (req, res) => {
    res.json(await storage.wipeAlgorithms(hostIdParam(req.params), poolParam(req.params)));
  });

  return router;
}
