import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { StorageService } from '../storage/storage-service.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { inventoryRoutes } from './routes/inventory.routes.js';
import { jobRoutes } from './routes/jobs.routes.js';
import { poolJobRoutes } from './routes/pool-jobs.routes.js';
import { volumeContentRoutes } from './routes/volume-content.routes.js';
import { volumeJobRoutes } from './routes/volume-jobs.routes.js';
import { registry } from '../metrics.js';

export interface AppDeps {
  inventory: InventoryService;
  storage: StorageService;
  jobs: JobEngine;
  logger: Logger;
  webDist: string;
}

/** The Express app: API under /api, the built UI for everything else. */
export function createApp({ inventory, storage, jobs, logger, webDist }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    helmet({
      // Served over plain http on loopback by default: do not force https.
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null, connectSrc: ["'self'"] },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: logger.child({ module: 'http' }),
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api') },
    }),
  );

  // Prometheus scrape endpoint (the BFF binds to loopback by default).
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  const api = express.Router();
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // JSON bodies everywhere but volume content, whose body is the volume's bytes (streamed).
  const json = express.json({ limit: '2mb' });
  api.use((req, res, next) => (req.path.endsWith('/content') ? next() : json(req, res, next)));
  api.use(inventoryRoutes(inventory));
  api.use(jobRoutes(jobs));
  api.use(volumeJobRoutes(storage));
  api.use(volumeContentRoutes(storage));
  api.use(poolJobRoutes(storage));
  api.use(apiNotFound);
  app.use('/api', api);

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
