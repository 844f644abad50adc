import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import { openAuthDb } from './auth/auth-db.js';
import { auditJobOutcomes } from './auth/audit-log.js';
import { AuthService } from './auth/auth-service.js';
import type { ScryptParams } from './auth/passwords.js';
import { buildId } from './build-id.js';
import { configuredBandwidth, DEFAULT_UPLOAD_RESUME_MS, type Config } from './config.js';
import { createApp } from './http/app.js';
import { createHttpServer } from './http/http-server.js';
import { CapacitySampler } from './inventory/capacity-sampler.js';
import { InventoryService } from './inventory/inventory-service.js';
import { CapacityHistory, JobEngine, JobStore } from './jobs/index.js';
import { logger as rootLogger, type Logger } from './logger.js';
import { fanOutJobs } from './realtime/job-fanout.js';
import { attachSocketServer, type PoolwatchSocketServer } from './realtime/socket-server.js';
import { ExternalWatch } from './storage/external-watch.js';
import { JobReconciler } from './storage/job-reconciler.js';
import { StorageService } from './storage/storage-service.js';
import { ResumableUploads } from './storage/resumable-uploads.js';

/**
 * The composition root: the one place that wires inventory, job engine, storage, auth, the
 * Express app and the socket.io server together. main.ts and the integration test stacks
 * both call it, so the tests run the app exactly as production builds it.
 */
export interface PoolwatchOptions {
  logger?: Logger;
  /** SQLite files (or ':memory:'); default `<dataDir>/jobs.sqlite` and `<dataDir>/auth.sqlite`. */
  databases?: { jobs: string; auth: string };
  /** Only tests lower the password hash cost (auth.test.ts checks the real one). */
  scrypt?: ScryptParams;
  /** Default: BUILD_ID or the hash of the UI's index.html. */
  build?: string;
}

export interface Poolwatch {
  config: Config;
  build: string;
  inventory: InventoryService;
  jobs: JobEngine;
  storage: StorageService;
  auth: AuthService;
  app: Express;
  http: Server;
  io: PoolwatchSocketServer;
  /** Stops and cleans what interrupted jobs left on their hosts (at start, reconnect, SIGTERM). */
  reconciler: JobReconciler;
  /** Starts polling the hosts and listens on config.port/bind (0 = an ephemeral port). */
  listen(): Promise<AddressInfo>;
  /**
   * Stops polling and jobs, closes sockets and the server, then the databases.
   * `dropConnections` also cuts open HTTP connections (tests); production lets them finish.
   */
  close(options?: { dropConnections?: boolean }): Promise<void>;
}

export async function createPoolwatch(
  config: Config,
  options: PoolwatchOptions = {},
): Promise<Poolwatch> {
  const logger = options.logger ?? rootLogger;
  const databases = options.databases ?? {
    jobs: join(config.dataDir, 'jobs.sqlite'),
    auth: join(config.dataDir, 'auth.sqlite'),
  };
  const inventory = new InventoryService(config, logger);
  const store = new JobStore(databases.jobs, logger);
  // Pool capacity history: its own table in jobs.sqlite, fed from the inventory's polls.
  const history = new CapacityHistory(databases.jobs);
  const sampler = new CapacitySampler(
    inventory,
    history,
    config.historySampleMs ?? 60_000,
    logger.child({ module: 'history' }),
  );
  const jobs = new JobEngine({
    store,
    logger: logger.child({ module: 'jobs' }),
    maxBytesMovingPerHost: config.jobsPerHost,
    defaultBandwidth: configuredBandwidth(config.hosts),
  });
  const storage = new StorageService(
    inventory,
    jobs,
    config.dataDir,
    logger.child({ module: 'storage' }),
    { streamIdleMs: config.streamIdleMs },
  );
  // Each host's agent watches its dir pools' directories, so idle pools are not re-listed.
  for (const host of config.hosts) {
    inventory.host(host.id).watchPoolDirs(storage.host(host.id).agent.poolDirs);
  }
  const uploads = new ResumableUploads(
    storage,
    config.uploadResumeMs ?? DEFAULT_UPLOAD_RESUME_MS,
    logger.child({ module: 'uploads' }),
  );
  const auth = new AuthService({
    db: openAuthDb(databases.auth),
    logger,
    audit: { retentionDays: config.auditRetentionDays, maxRows: config.auditMaxRows },
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
  });
  await auth.bootstrap(config.adminPassword, join(config.dataDir, 'initial-admin-password'));
  const build = options.build ?? buildId(config.webDist);
  const app = createApp({
    inventory,
    storage,
    uploads,
    jobs,
    history,
    logger,
    webDist: config.webDist,
    auth,
    build,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
  });
  const http = createHttpServer(app);
  const io = attachSocketServer(http, inventory, logger, { auth, build });
  fanOutJobs(jobs, io);
  auditJobOutcomes(jobs, auth.audit);
  // Jobs that were running when Poolwatch last stopped are reconciled on their host as soon
  // as it connects (and at every reconnect): their processes stopped, partial targets removed.
  const reconciler = new JobReconciler(
    jobs,
    storage,
    inventory,
    logger.child({ module: 'reconcile' }),
  );
  // Byte-moving work someone else started on a host shows up as `origin: external` jobs.
  const external = new ExternalWatch(
    jobs,
    storage,
    inventory,
    logger.child({ module: 'external-jobs' }),
  );

  return {
    config,
    build,
    inventory,
    jobs,
    storage,
    auth,
    app,
    http,
    io,
    reconciler,
    async listen() {
      storage.start();
      reconciler.start();
      external.start();
      // Uploads the previous process left waiting are adopted once their host is connected.
      inventory.on('host:state', (host) => {
        if (host.state === 'connected') void uploads.adoptDetached();
      });
      void uploads.adoptDetached();
      inventory.start();
      sampler.start();
      await new Promise<void>((resolve) => http.listen(config.port, config.bind, resolve));
      return http.address() as AddressInfo;
    },
    async close({ dropConnections = false } = {}) {
      sampler.stop();
      external.stop();
      inventory.stop();
      jobs.shutdown();
      const closed = io.close(); // closes the http server too
      if (dropConnections) http.closeAllConnections();
      await closed;
      store.close();
      history.close();
      auth.close();
    },
  };
}
