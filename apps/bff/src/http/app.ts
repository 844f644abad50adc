import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { matchRoute, routes, type Health } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { CapacityHistory } from '../jobs/index.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { StorageService } from '../storage/storage-service.js';
import { refuseInexactNumbers } from './body.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { requestLog, warnUntrustedProxy } from './request-log.js';
import { metricsGate } from './metrics-gate.js';
import { route } from './route.js';
import { historyRoutes } from './routes/history.routes.js';
import { inventoryRoutes } from './routes/inventory.routes.js';
import { jobRoutes } from './routes/jobs.routes.js';
import { poolJobRoutes } from './routes/pool-jobs.routes.js';
import { volumeContentRoutes } from './routes/volume-content.routes.js';
import { volumeJobRoutes } from './routes/volume-jobs.routes.js';
import { tusRoutes } from './routes/tus.routes.js';
import type { ResumableUploads } from '../storage/resumable-uploads.js';
import { registry } from '../metrics.js';
import type { AuthService } from '../auth/auth-service.js';
import {
  auditMutations,
  authenticate,
  guardMutations,
  requireSignedIn,
} from './auth-middleware.js';
import { auditRoutes } from './routes/audit.routes.js';
import { kioskTokenRoutes } from './routes/kiosk-tokens.routes.js';
import {
  DEFAULT_LOGIN_LIMIT,
  sessionRoutes,
  startKioskSession,
  type LoginLimit,
} from './routes/session.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { storeHealth } from '../store-health.js';

export interface AppDeps {
  inventory: InventoryService;
  storage: StorageService;
  uploads: ResumableUploads;
  jobs: JobEngine;
  /** Pool capacity samples (GET …/pools/:pool/history). */
  history: CapacityHistory;
  logger: Logger;
  webDist: string;
  auth: AuthService;
  /** Build id (health, server:hello): the kiosk reloads when it changes. */
  build: string;
  /** Express `trust proxy` (POOLWATCH_TRUST_PROXY): decides req.secure, req.ip, req.protocol. */
  trustProxy?: boolean | number | string;
  loginLimit?: LoginLimit;
  /** POOLWATCH_METRICS_TOKEN: a Prometheus scraper's Bearer token for /metrics. */
  metricsToken?: string;
}

/** The Express app: API under /api, the built UI for everything else. */
export function createApp(deps: AppDeps): Express {
  const { inventory, storage, jobs, logger, webDist, auth, build } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('etag', false);
  app.use(
    helmet({
      // Served over plain http on loopback by default: do not force https.
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        // 'self' covers the page's own ws:/wss: origin (CSP Level 3) for socket.io.
        directives: { upgradeInsecureRequests: null, connectSrc: ["'self'"] },
      },
    }),
  );
  app.use(requestLog(logger));
  app.use(warnUntrustedProxy(logger, deps.trustProxy ?? false));

  // Prometheus scrape endpoint: an admin's session, or POOLWATCH_METRICS_TOKEN as Bearer.
  app.get(
    '/metrics',
    auth.sessionMiddleware,
    metricsGate(auth, deps.metricsToken),
    async (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.type(registry.contentType).send(await registry.metrics());
    },
  );

  const api = express.Router();
  // Degraded, not down: reads keep working while a store of our own cannot write.
  route(api, routes.health, (_req, res) => {
    const problems = storeHealth.current();
    const health: Health =
      problems.length === 0 ? { status: 'ok', build } : { status: 'degraded', build, problems };
    res.json(health);
  });
  // Order matters, and is the whole security model of the API:
  // audit (sees every outcome) → who is asking → sign-in routes → 401 gate → mutation
  // gate (role, Origin, CSRF) → body parsing → routes. A new route mounted below cannot
  // skip the gates.
  api.use(auditMutations(auth));
  api.use(auth.sessionMiddleware);
  api.use(authenticate(auth));
  const json = express.json({ limit: '2mb', verify: refuseInexactNumbers });
  api.use(['/session', '/kiosk/session'], json);
  api.use(sessionRoutes(auth, deps.loginLimit ?? DEFAULT_LOGIN_LIMIT));
  api.use(requireSignedIn);
  api.use(guardMutations);
  // JSON bodies everywhere but an upload, whose body is the volume's bytes (streamed).
  api.use((req, res, next) =>
    matchRoute(req.method, req.path)?.contract.streams === 'upload' ? next() : json(req, res, next),
  );
  api.use(userRoutes(auth));
  api.use(kioskTokenRoutes(auth));
  api.use(auditRoutes(auth));
  api.use(inventoryRoutes(inventory));
  api.use(historyRoutes(inventory, deps.history));
  api.use(jobRoutes(jobs));
  api.use(volumeJobRoutes(storage));
  api.use(volumeContentRoutes(storage));
  api.use(poolJobRoutes(storage));
  api.use(tusRoutes(deps.uploads, logger));
  api.use(apiNotFound);
  app.locals.apiRouter = api;
  app.use('/api', api);

  // A kiosk URL: trade the token for a kiosk session, then drop the token from the URL.
  app.get('/kiosk', auth.sessionMiddleware, async (req, res, next) => {
    const token = req.query.token;
    if (typeof token !== 'string') {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    await startKioskSession(auth, req, res, token, deps.loginLimit ?? DEFAULT_LOGIN_LIMIT);
    res.redirect(303, '/kiosk');
  });

  if (existsSync(join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    // Client-side routes (/hosts/...): always the app shell.
    app.get('/{*path}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(webDist, 'index.html'));
    });
  } else {
    logger.warn({ webDist }, 'web UI not built (pnpm build): serving the API only');
  }
  app.use(errorHandler);
  return app;
}

function noCacheForHtml(res: express.Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
