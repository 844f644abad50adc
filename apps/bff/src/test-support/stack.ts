import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { expect, vi } from 'vitest';
import type { Job, JobProgressEvent } from '@poolwatch/shared';
import type { Config } from '../config.js';
import { createPoolwatch, type Poolwatch } from '../poolwatch.js';
import type { JobEngine } from '../jobs/index.js';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { StorageService } from '../storage/storage-service.js';
import { signIn, type Client } from './auth-harness.js';
import { sandboxHost, testDataDir } from './sandbox.js';

/**
 * The real BFF in-process for storage-job integration tests, built by the production
 * composition root (createPoolwatch): inventory over the sandbox sshd, job engine and auth
 * on temp SQLite files, the Express app and socket.io on an ephemeral loopback port. Tests go
 * through HTTP, signed in as admin (session cookie + X-CSRF-Token on every request).
 */
export interface Recorded {
  progress: { event: JobProgressEvent; at: number }[];
  updated: { job: Job; at: number }[];
}

export interface Stack {
  base: string;
  poolwatch: Poolwatch;
  engine: JobEngine;
  storage: StorageService;
  inventory: InventoryService;
  /** The signed-in admin's session cookie and CSRF token. */
  admin: Client;
  /** Every engine event since start, with the local receive time. */
  events: Recorded;
  close(): Promise<void>;
}

const ADMIN_PASSWORD = 'jobs-int-admin-password';

/** The configuration every integration stack runs with (what loadConfig would give, for the sandbox). */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    bind: '127.0.0.1',
    dataDir: testDataDir,
    hosts: [sandboxHost],
    pollIntervalMs: 1000,
    reachabilityMs: 5000,
    commandTimeoutMs: 30_000,
    webDist: join(tmpdir(), 'pw-int-no-web'),
    jobsPerHost: 2,
    trustProxy: false,
    adminPassword: ADMIN_PASSWORD,
    metricsToken: undefined,
    auditRetentionDays: 90,
    auditMaxRows: 1_000_000,
    ...overrides,
  };
}

/** Cheap hashes: these tests are not about auth cost, auth.test.ts checks OWASP cost. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export async function startStack(
  options: Pick<Partial<Config>, 'streamIdleMs' | 'historySampleMs'> = {},
): Promise<Stack> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const dbDir = mkdtempSync(join(tmpdir(), 'pw-jobs-int-'));
  const config = testConfig(options);
  const poolwatch = await createPoolwatch(config, {
    logger,
    databases: { jobs: join(dbDir, 'jobs.sqlite'), auth: join(dbDir, 'auth.sqlite') },
    scrypt: TEST_SCRYPT,
    build: 'jobs-int',
  });
  const { jobs: engine, inventory, storage } = poolwatch;
  const events: Recorded = { progress: [], updated: [] };
  engine.on('progress', (event) => events.progress.push({ event, at: Date.now() }));
  engine.on('updated', (job) => events.updated.push({ job, at: Date.now() }));
  const { port } = await poolwatch.listen();
  const base = `http://127.0.0.1:${port}`;
  const admin = await signIn(base, 'admin', ADMIN_PASSWORD);
  await vi.waitFor(() => expect(inventory.host(sandboxHost.id).view.state).toBe('connected'), {
    timeout: 20_000,
    interval: 50,
  });
  return {
    base,
    poolwatch,
    engine,
    storage,
    inventory,
    admin,
    events,
    async close() {
      await poolwatch.close({ dropConnections: true });
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}
