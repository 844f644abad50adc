import { adminRoutes, sessionRoutes } from './auth.routes.js';
import { routeMatcher, type RouteContract } from './contract.js';
import { inventoryRoutes } from './inventory.routes.js';
import { jobRoutes } from './jobs.routes.js';
import { poolRoutes } from './pool.routes.js';
import { uploadRoutes } from './upload.routes.js';
import { volumeRoutes } from './volume.routes.js';

export * from './contract.js';
export { poolActionRoutes } from './pool.routes.js';

/** Every route of the API, by id. A route the BFF serves that is not here fails a test. */
export const routes = {
  ...inventoryRoutes,
  ...sessionRoutes,
  ...adminRoutes,
  ...jobRoutes,
  ...poolRoutes,
  ...volumeRoutes,
  ...uploadRoutes,
} as const;

export type RouteId = keyof typeof routes;

export const routeList: readonly RouteContract[] = Object.values(routes);

/** Which contract a request (method + path relative to /api, %-encoded) hits, if any. */
export const matchRoute = routeMatcher(routeList);
export * from './upload.routes.js';
