import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './http/app.js';
import { InventoryService } from './inventory/inventory-service.js';
import { logger } from './logger.js';
import { join } from 'node:path';
import { JobEngine, JobStore } from './jobs/index.js';
import { fanOutJobs } from './realtime/job-fanout.js';
import { attachSocketServer } from './realtime/socket-server.js';
import { StorageService } from './storage/storage-service.js';
import { AuthService } from './auth/auth-service.js';
import { openAuthDb } from './auth/auth-db.js';
import { auditJobOutcomes } from './auth/audit-log.js';
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
);
const auth = new AuthService({
  db: openAuthDb(join(config.dataDir, 'auth.sqlite')),
  logger,
  audit: { retentionDays: config.auditRetentionDays, maxRows: config.auditMaxRows },
});
await auth.bootstrap(config.adminPassword, join(config.dataDir, 'initial-admin-password'));
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
  metricsToken: config.metricsToken,
});
const http = createServer(app);
const io = attachSocketServer(http, inventory, logger, { auth, build });
fanOutJobs(jobs, io);
auditJobOutcomes(jobs, auth.audit);

inventory.start();
http.listen(config.port, config.bind, () => {
  logger.info(
    { url: `http://${config.bind}:${config.port}`, build, hosts: config.hosts.map((h) => h.id) },
    'poolwatch listening',
  );
});

function shutdown(signal: string): void {
  logger.info({ signal }, 'shutting down');
  inventory.stop();
  jobs.shutdown();
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
