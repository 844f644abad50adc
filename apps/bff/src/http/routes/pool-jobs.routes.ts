import { Router } from 'express';
import { poolActionRoutes, routes } from '@poolwatch/shared';
import { definePoolJob } from '../../storage/pool-define.js';
import type { StorageService } from '../../storage/storage-service.js';
import {
  autostartJob,
  poolActionJob,
  removePoolJob,
  type PoolAction,
} from '../../storage/pool-jobs.js';
import { route } from '../route.js';

/** Pool mutations (202 + Job) and what a pool's backend supports. */
export function poolJobRoutes(storage: StorageService): Router {
  const router = Router();

  route(router, routes.poolDefine, async (req, res, { params, body }) => {
    const hostId = params.hostId;
    res
      .status(202)
      .json(await storage.submit(hostId, req.principal?.user, (s) => definePoolJob(s, body)));
  });

  for (const action of ['start', 'stop', 'build', 'refresh'] satisfies PoolAction[]) {
    route(router, poolActionRoutes[action], async (req, res, { params }) => {
      const [hostId, name] = [params.hostId, params.pool];
      res
        .status(202)
        .json(
          await storage.submit(hostId, req.principal?.user, (s) => poolActionJob(s, name, action)),
        );
    });
  }

  route(router, routes.poolAutostart, async (req, res, { params, body }) => {
    const [hostId, name] = [params.hostId, params.pool];
    const { autostart } = body;
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) => autostartJob(s, name, autostart)),
      );
  });

  route(router, routes.poolDelete, async (req, res, { params, query }) => {
    const [hostId, name] = [params.hostId, params.pool];
    const { deleteData } = query;
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) =>
          removePoolJob(s, name, deleteData === 'true'),
        ),
      );
  });

  route(router, routes.wipeAlgorithms, async (_req, res, { params }) => {
    res.json(await storage.wipeAlgorithms(params.hostId, params.pool));
  });

  return router;
}
