import { Router } from 'express';
import { routes } from '@poolwatch/shared';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { route } from '../route.js';

/** Read side: hosts, pools, volumes, fleet search. Thin: validate, ask the inventory, answer JSON. */
export function inventoryRoutes(inventory: InventoryService): Router {
  const router = Router();

  route(router, routes.hosts, (_req, res) => {
    res.json(inventory.list());
  });

  route(router, routes.pools, async (_req, res, { params }) => {
    res.json(await inventory.host(params.hostId).listPools());
  });

  route(router, routes.pool, async (_req, res, { params }) => {
    const host = inventory.host(params.hostId);
    res.json(await host.getPool(params.pool));
  });

  route(router, routes.volumes, async (_req, res, { params }) => {
    const host = inventory.host(params.hostId);
    res.json(await host.listVolumes(params.pool));
  });

  route(router, routes.volume, async (_req, res, { params }) => {
    const host = inventory.host(params.hostId);
    res.json(await host.getVolume(params.pool, params.volume));
  });

  route(router, routes.search, (_req, res, { query }) => {
    res.json(inventory.search(query.q, query.limit));
  });

  return router;
}
