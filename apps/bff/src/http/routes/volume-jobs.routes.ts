import { Router } from 'express';
import {
  CloneVolumeRequestSchema,
  CreateVolumeRequestSchema,
  ResizeVolumeRequestSchema,
  WipeVolumeRequestSchema,
} from '@poolwatch/shared';
import type { StorageService } from '../../storage/storage-service.js';
import {
  cloneVolumeJob,
  createVolumeJob,
  deleteVolumeJob,
  resizeVolumeJob,
  wipeVolumeJob,
} from '../../storage/volume-jobs.js';
import { parseBody } from '../body.js';
import { forceQuery, hostIdParam, poolParam, volumeParam } from '../params.js';

/** Volume mutations: each answers 202 with the Job it submitted (see the contract). */
export function volumeJobRoutes(storage: StorageService): Router {
  const router = Router();
  const base = '/hosts/:hostId/pools/:pool/volumes';

  router.post(base, async (req, res) => {
    const hostId = hostIdParam(req.params);
    const pool = poolParam(req.params);
    const body = parseBody(CreateVolumeRequestSchema, req.body);
    res.status(202).json(await storage.submit(hostId, (s) => createVolumeJob(s, pool, body)));
  });

  router.post(`${base}/:volume/clone`, async (req, res) => {
    const [hostId, pool, volume] = ids(req.params);
    const body = parseBody(CloneVolumeRequestSchema, req.body);
    res
      .status(202)
      .json(await storage.submit(hostId, (s) => cloneVolumeJob(s, pool, volume, body)));
  });

  router.post(`${base}/:volume/wipe`, async (req, res) => {
    const [hostId, pool, volume] = ids(req.params);
    const body = parseBody(WipeVolumeRequestSchema, req.body);
    const force = forceQuery(req.query);
    res
      .status(202)
      .json(await storage.submit(hostId, (s) => wipeVolumeJob(s, pool, volume, body, { force })));
  });

  router.post(`${base}/:volume/resize`, async (req, res) => {
    const [hostId, pool, volume] = ids(req.params);
    const body = parseBody(ResizeVolumeRequestSchema, req.body);
    const force = forceQuery(req.query);
    res
      .status(202)
      .json(await storage.submit(hostId, (s) => resizeVolumeJob(s, pool, volume, body, { force })));
  });

  router.delete(`${base}/:volume`, async (req, res) => {
    const [hostId, pool, volume] = ids(req.params);
    const force = forceQuery(req.query);
    res
      .status(202)
      .json(await storage.submit(hostId, (s) => deleteVolumeJob(s, pool, volume, { force })));
  });

  return router;
}

type Params = Record<string, string | string[] | undefined>;
export const ids = (params: Params) =>
  [hostIdParam(params), poolParam(params), volumeParam(params)] as const;
