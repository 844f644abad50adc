import { Router } from 'express';
import { routes } from '@poolwatch/shared';
import type { StorageService } from '../../storage/storage-service.js';
import { cloneVolumeJob, createVolumeJob, deleteVolumeJob } from '../../storage/volume-jobs.js';
import { resizeVolumeJob } from '../../storage/volume-resize.job.js';
import { wipeVolumeJob } from '../../storage/volume-wipe.job.js';
import { route } from '../route.js';

/** Volume mutations: each answers 202 with the Job it submitted (see the contract). */
export function volumeJobRoutes(storage: StorageService): Router {
  const router = Router();

  route(router, routes.volumeCreate, async (req, res, { params, body }) => {
    const { hostId, pool } = params;
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) => createVolumeJob(s, pool, body)),
      );
  });

  route(router, routes.volumeClone, async (req, res, { params, body }) => {
    const [hostId, pool, volume] = ids(params);
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) =>
          cloneVolumeJob(s, pool, volume, body),
        ),
      );
  });

  route(router, routes.volumeWipe, async (req, res, { params, query, body }) => {
    const [hostId, pool, volume] = ids(params);
    const force = query.force === 'true';
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) =>
          wipeVolumeJob(s, pool, volume, body, { force }),
        ),
      );
  });

  route(router, routes.volumeResize, async (req, res, { params, query, body }) => {
    const [hostId, pool, volume] = ids(params);
    const force = query.force === 'true';
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) =>
          resizeVolumeJob(s, pool, volume, body, { force }),
        ),
      );
  });

  route(router, routes.volumeDelete, async (req, res, { params, query }) => {
    const [hostId, pool, volume] = ids(params);
    const force = query.force === 'true';
    res
      .status(202)
      .json(
        await storage.submit(hostId, req.principal?.user, (s) =>
          deleteVolumeJob(s, pool, volume, { force }),
        ),
      );
  });

  return router;
}

/** The validated host, pool and volume of a volume route, in path order. */
export const ids = (params: { hostId: string; pool: string; volume: string }) =>
  [params.hostId, params.pool, params.volume] as const;
