import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './http/app.js';
import { createHttpServer } from './http/http-server.js';
import { InventoryService } from './inventory/inventory-service.js';
import { logger } from './logger.js';
import { join } from 'node:path';
import { JobEngine, JobStore } from './jobs/index.js';
import { fanOutJobs } from './realtime/job-fanout.js';
import { attachSocketServer } from './realtime/socket-server.js';
import { StorageService } from './storage/storage-service.js';
import { JobReconciler } from './storage/job-reconciler.js';
import { AuthService } from './auth/auth-service.js';
import { openAuthDb } from './auth/auth-db.js';
import { buildId } from './build-id.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`poolwatch: invalid configuration: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

const config = readConfig();
const inventory = new InventoryService(config, logger);
const jobs = new JobEngine({
  store: new JobStore(join(config.dataDir, 'jobs.sqlite'), logger),
  logger: logger.child({ module: 'jobs' }),
  maxBytesMovingPerHost: config.jobsPerHost,
});
const storage = new StorageService(
  inventory,
  jobs,
  config.dataDir,
  logger.child({ module: 'storage' }),
  { streamIdleMs: config.streamIdleMs },
);
const auth = new AuthService({ db: openAuthDb(join(config.dataDir, 'auth.sqlite')), logger });
await auth.bootstrap(config.adminPassword);
const build = buildId(config.webDist);
const app = createApp({
  inventory,
  storage,
  jobs,
  logger,
  webDist: config.webDist,
  auth,
  build,
  trustProxy: config.trustProxy,
});
const http = createHttpServer(app);
const io = attachSocketServer(http, inventory, logger, { auth, build });
fanOutJobs(jobs, io);

// Jobs that were running when Poolwatch last stopped are reconciled on their host as soon
// as it connects (and at every reconnect): their processes stopped, partial targets removed.
const reconciler = new JobReconciler(
  jobs,
  storage,
  inventory,
  logger.child({ module: 'reconcile' }),
);
reconciler.start();
inventory.start();
http.listen(config.port, config.bind, () => {
  logger.info(
    { url: `http://${config.bind}:${config.port}`, build, hosts: config.hosts.map((h) => h.id) },
    'poolwatch listening',
  );
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Before the links go: running jobs become `interrupted`, what they started on the host
  // is stopped and their partial targets deleted (bounded; the rest waits for next start).
  try {
    await reconciler.shutdown(10_000);
  } catch (error) {
    logger.error({ err: error }, 'reconciling jobs at shutdown failed');
  }
  inventory.stop();
  void io.close();
  http.closeAllConnections();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
