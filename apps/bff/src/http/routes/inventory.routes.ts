import { Router } from 'express';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { hostIdParam, poolParam, volumeParam } from '../params.js';

/** Read side: hosts, pools, volumes. Thin: validate, ask the inventory, answer JSON. */
export function inventoryRoutes(inventory: InventoryService): Router {
  const router = Router();

  router.get('/hosts', (_req, res) => {
    res.json(inventory.list());
  });

  router.get('/hosts/:hostId/pools', async (req, res) => {
    res.json(await inventory.host(hostIdParam(req.params)).listPools());
  });

  router.get('/hosts/:hostId/pools/:pool', async (req, res) => {
    const host = inventory.host(hostIdParam(req.params));
    res.json(await host.getPool(poolParam(req.params)));
  });

  router.get('/hosts/:hostId/pools/:pool/volumes', async (req, res) => {
    const host = inventory.host(hostIdParam(req.params));
    res.json(await host.listVolumes(poolParam(req.params)));
  });

  router.get('/hosts/:hostId/pools/:pool/volumes/:volume', async (req, res) => {
    const host = inventory.host(hostIdParam(req.params));
    res.json(await host.getVolume(poolParam(req.params), volumeParam(req.params)));
  });

  return router;
}
