import { Router } from 'express';
import { FORECAST_WINDOW_MS, forecastFull, routes } from '@poolwatch/shared';
import { NotFoundError } from '../../errors.js';
import type { InventoryService } from '../../inventory/inventory-service.js';
import type { CapacityHistory } from '../../jobs/index.js';
import { route } from '../route.js';

/** Capacity history of a pool and when it fills: read from the store, no virsh call. */
export function historyRoutes(inventory: InventoryService, history: CapacityHistory): Router {
  const router = Router();

  route(router, routes.poolHistory, (_req, res, { params, query }) => {
    const host = inventory.host(params.hostId); // 404 for an unknown host
    // While connected, a pool the last poll did not see is unknown; an unreachable host
    // still shows what was recorded.
    const known = host.lastPoll()?.pools;
    if (known && !known.some((p) => p.name === params.pool)) {
      throw new NotFoundError(
        `host ${JSON.stringify(params.hostId)} has no pool named ${JSON.stringify(params.pool)}`,
      );
    }
    const now = new Date();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - FORECAST_WINDOW_MS);
    res.json({
      samples: history.samples(params.hostId, params.pool, from, to),
      forecast: forecastOf(params.hostId, params.pool, now),
    });
  });

  // The pools of the last poll; none while the host has never been polled.
  route(router, routes.hostForecasts, (_req, res, { params }) => {
    const pools = inventory.host(params.hostId).lastPoll()?.pools ?? [];
    const now = new Date();
    res.json({
      pools: Object.fromEntries(pools.map((p) => [p.name, forecastOf(params.hostId, p.name, now)])),
    });
  });

  function forecastOf(hostId: string, pool: string, now: Date) {
    const since = new Date(now.getTime() - FORECAST_WINDOW_MS);
    return forecastFull(history.samples(hostId, pool, since, now), now);
  }

  return router;
}
