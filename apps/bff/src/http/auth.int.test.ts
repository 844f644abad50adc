import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express, Router } from 'express';
import { apiRoutes } from '../test-support/api-routes.js';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { apiPaths, isActiveJobState, type Job } from '@poolwatch/shared';
import type { AuthService } from '../auth/auth-service.js';
import { loadConfig } from '../config.js';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { JobEngine } from '../jobs/index.js';
import { createPoolwatch, type Poolwatch } from '../poolwatch.js';
import { asClient, signIn, type Client } from '../test-support/auth-harness.js';
import { TEST_SCRYPT } from '../test-support/stack.js';
import {
  createTestPool,
  sandboxHost,
  testDataDir,
  virsh,
  type TestPool,
} from '../test-support/sandbox.js';

/**
 * The whole BFF in-process against the real libvirtd over the real sshd: a kiosk and a
 * viewer try every mutating route and a socket event; the host must stay unchanged.
 */
const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

let poolwatch: Poolwatch;
let app: Express;
let base: string;
let auth: AuthService;
let inventory: InventoryService;
let jobs: JobEngine;
let pool: TestPool;
let admin: Client;
let viewer: Client;
let kiosk: { id: string; token: string };

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The routes: the router must have at least these (a renamed route fails here). */
const REQUIRED_MUTATIONS = [
  'POST /hosts/:hostId/pools',
  'POST /hosts/:hostId/pools/:pool/start',
  'POST /hosts/:hostId/pools/:pool/stop',
  'POST /hosts/:hostId/pools/:pool/build',
  'POST /hosts/:hostId/pools/:pool/refresh',
  'PUT /hosts/:hostId/pools/:pool/autostart',
  'DELETE /hosts/:hostId/pools/:pool',
  'POST /hosts/:hostId/pools/:pool/volumes',
  'POST /hosts/:hostId/pools/:pool/volumes/:volume/clone',
  'POST /hosts/:hostId/pools/:pool/volumes/:volume/wipe',
  'POST /hosts/:hostId/pools/:pool/volumes/:volume/resize',
  'DELETE /hosts/:hostId/pools/:pool/volumes/:volume',
  'PUT /hosts/:hostId/pools/:pool/volumes/:volume/content',
  'POST /jobs/:id/cancel',
  'POST /users',
  'DELETE /users/:name',
  'PUT /users/:name/password',
  'POST /kiosk-tokens',
  'DELETE /kiosk-tokens/:id',
];
/** Sign-in/out: the only mutations a non-admin may make. */
const SESSION_ROUTES = ['POST /session', 'DELETE /session', 'POST /kiosk/session'];

function concrete(path: string): string {
  return `/api${path}`
    .replace(':hostId', 'sandbox')
    .replace(':pool', encodeURIComponent(pool.name))
    .replace(':volume', 'keep.raw')
    .replace(':id', kiosk.id)
    .replace(':name', 'admin');
}

/** Bodies that would be valid for an admin: a gate, not validation, must stop them. */
const BODIES: Record<string, unknown> = {
  'POST /hosts/:hostId/pools': { name: 'pw-int-evil', type: 'dir', target: '/tmp/pw-int-evil' },
  'POST /hosts/:hostId/pools/:pool/volumes': { name: 'evil.raw', capacity: 1048576 },
  'POST /hosts/:hostId/pools/:pool/volumes/:volume/clone': { name: 'evil-clone.raw' },
  'POST /hosts/:hostId/pools/:pool/volumes/:volume/resize': { capacity: 4194304 },
  'PUT /hosts/:hostId/pools/:pool/autostart': { autostart: true },
  'POST /users': { username: 'evil', password: 'evil-password', role: 'admin' },
  'PUT /users/:name/password': { password: 'evil-password' },
  'POST /kiosk-tokens': { label: 'evil' },
};

function hostSnapshot(): string {
  return [
    virsh('pool-list', '--all', '--uuid'),
    virsh('pool-list', '--all'),
    virsh('vol-list', '--pool', pool.name),
    virsh('pool-info', '--', pool.name).replace(/^(Allocation|Available).*$/gm, ''),
  ].join('\n');
}

/** Outcomes get generous bounds: a loaded machine must not fail a correct server. */
const BOUND = { timeout: 15_000, interval: 100 };

/** Resolves as `promise` does, or rejects once BOUND.timeout has passed. */
function within<T>(what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what}: not within ${BOUND.timeout} ms`)),
        BOUND.timeout,
      ).unref(),
    ),
  ]);
}

function socket(options: { cookie?: string; origin?: string; token?: string }): Socket {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  return connect(base, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: headers,
    auth: options.token ? { token: options.token } : {},
  });
}

function connected(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', (e) => reject(e));
  });
}

beforeAll(async () => {
  pool = createTestPool('auth');
  virsh('vol-create-as', '--pool', pool.name, '--name', 'keep.raw', '--capacity', '1M');
  // Parsed like production's environment, then built by the production composition root.
  const config = loadConfig({
    POOLWATCH_BIND: '127.0.0.1',
    POOLWATCH_DATA: join(testDataDir, 'auth-int'),
    POOLWATCH_HOSTS: JSON.stringify([sandboxHost]),
    POOLWATCH_POLL_MS: '1000',
    POOLWATCH_ADMIN_PASSWORD: 'admin-password',
  });
  poolwatch = await createPoolwatch(
    { ...config, port: 0, webDist: '/nonexistent' }, // 0: an ephemeral port
    {
      logger: log,
      databases: { jobs: ':memory:', auth: ':memory:' },
      scrypt: TEST_SCRYPT,
      build: 'int',
    },
  );
  ({ app, auth, inventory, jobs } = poolwatch);
  await auth.users.add('vera', 'viewer-password', 'viewer');
  base = `http://127.0.0.1:${(await poolwatch.listen()).port}`;
  await vi.waitFor(() => expect(inventory.list()[0]?.state).toBe('connected'), {
    ...BOUND,
    timeout: 30_000,
  });
  admin = await signIn(base, 'admin', 'admin-password');
  viewer = await signIn(base, 'vera', 'viewer-password');
  const created = auth.tokens.create('Wall', 'admin');
  kiosk = { id: created.id, token: created.token };
});

afterAll(async () => {
  pool?.destroy();
  await poolwatch?.close({ dropConnections: true });
});

describe('route enumeration', () => {
  test('the router has every route of the issue, and each mutation is gated', () => {
    const routes = apiRoutes(app.locals.apiRouter as Router).map((r) => `${r.method} ${r.path}`);
    for (const required of [...REQUIRED_MUTATIONS, ...SESSION_ROUTES])
      expect(routes).toContain(required);
    expect(routes).toContain('GET /health');
  });
});

describe('a kiosk and a viewer cannot change anything', () => {
  test('every mutating route answers 401/403 and the host is unchanged', async () => {
    const before = hostSnapshot();
    const jobsBefore = jobs.list({ limit: 1000 }).length;
    const mutations = apiRoutes(app.locals.apiRouter as Router).filter(
      (r) => MUTATING.has(r.method) && !SESSION_ROUTES.includes(`${r.method} ${r.path}`),
    );
    expect(mutations.length).toBeGreaterThanOrEqual(REQUIRED_MUTATIONS.length);
    const who: [string, Record<string, string>][] = [
      [
        'kiosk bearer',
        { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' },
      ],
      ['viewer session', asClient(viewer)],
      ['viewer session, no CSRF', { cookie: viewer.cookie, 'content-type': 'application/json' }],
    ];
    for (const [label, headers] of who) {
      for (const route of mutations) {
        const key = `${route.method} ${route.path}`;
        const upload = key.endsWith('/content');
        const res = await fetch(base + concrete(route.path), {
          method: route.method,
          headers: upload ? { ...headers, 'content-type': 'application/octet-stream' } : headers,
          body: upload ? Buffer.alloc(65536, 1) : JSON.stringify(BODIES[key] ?? {}),
        });
        expect([401, 403], `${label}: ${key} → ${res.status}`).toContain(res.status);
      }
    }
    // Every route that touches libvirt does so through a job created before it answers, so
    // "no new job" means nothing can still act on the host; libvirt itself confirms it.
    expect(jobs.list({ limit: 1000 })).toHaveLength(jobsBefore);
    expect(hostSnapshot()).toBe(before);
    expect(auth.users.list().map((u) => u.username)).toEqual(['admin', 'vera']);
    expect(auth.tokens.get(kiosk.id)).not.toBeNull();
  });

  test('a client-to-server socket event closes the socket (viewer cookie and kiosk token)', async () => {
    for (const s of [
      socket({ cookie: viewer.cookie, origin: base }),
      socket({ token: kiosk.token }),
    ]) {
      await connected(s);
      const closed = new Promise<string>((resolve) =>
        s.once('disconnect', (reason) => resolve(reason)),
      );
      (s as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit('pool:destroy', {
        hostId: 'sandbox',
        pool: pool.name,
      });
      expect(await closed).toBe('io server disconnect');
    }
  });

  test('sockets: no credentials or a foreign Origin are refused; no Origin needs the cookie', async () => {
    await expect(connected(socket({ origin: base }))).rejects.toThrow(/unauthenticated/);
    await expect(connected(socket({}))).rejects.toThrow(/unauthenticated/);
    await expect(
      connected(socket({ cookie: admin.cookie, origin: 'http://evil.example' })),
    ).rejects.toThrow(/forbidden/);
    // Browsers omit Origin on the same-origin long-polling GET; the SameSite=Strict cookie
    // cannot come from a cross-site page.
    const noOrigin = socket({ cookie: admin.cookie });
    await connected(noOrigin);
    noOrigin.close();
    const ok = socket({ cookie: admin.cookie, origin: base });
    const hello = new Promise((resolve) => ok.once('server:hello' as never, resolve));
    await connected(ok);
    expect(await hello).toEqual({ build: 'int' });
    ok.close();
  });
});

describe('without credentials', () => {
  test('401 on every route but health and sign-in', async () => {
    for (const route of apiRoutes(app.locals.apiRouter as Router)) {
      const key = `${route.method} ${route.path}`;
      const res = await fetch(base + concrete(route.path), {
        method: route.method,
        headers: { 'content-type': 'application/json' },
        body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
      });
      if (key === 'GET /health') expect(res.status).toBe(200);
      else if (key === 'POST /session' || key === 'POST /kiosk/session')
        expect(res.status).toBe(400);
      else if (key === 'DELETE /session') expect(res.status).toBe(204);
      else expect(res.status, key).toBe(401);
    }
  });
});

describe('libvirt read-only connections', () => {
  test('the inventory runs virsh -r, and libvirtd refuses a write through it', async () => {
    const connection = inventory.connection('sandbox');
    expect(connection.virsh.readOnly).toBe(true);
    expect(connection.writer.readOnly).toBe(false);
    for (const pid of connection.virsh.sessionPids) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(argv).toContain('virsh');
      expect(argv).toContain('-r');
    }
    const uuid = virsh('pool-uuid', '--', pool.name).trim();
    const result = await connection.virsh.runRaw(['pool-destroy', '--', uuid]);
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/read only access prevents/);
    expect(virsh('pool-info', '--', pool.name)).toMatch(/State:\s+running/);
  });
});

describe('admin actions are audited; revocation signs a kiosk out', () => {
  test('sign-in is rate-limited after 5 failures (429 + Retry-After)', async () => {
    const attempt = () =>
      fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'vera', password: 'wrong-password' }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('a job, a cancel, a pool action, user and token changes each leave an audit entry', async () => {
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(base + path, { method, headers: asClient(admin), body: JSON.stringify(body) });
    const created = await post(apiPaths.volumes('sandbox', pool.name), {
      name: 'audit.raw',
      capacity: 1048576,
    });
    expect(created.status).toBe(202);
    const job = (await created.json()) as Job;
    await post(apiPaths.jobCancel(job.id), {});
    await vi.waitFor(
      () => expect(isActiveJobState(jobs.get(job.id)?.state ?? 'queued')).toBe(false),
      BOUND,
    );
    expect((await post(apiPaths.poolAction('sandbox', pool.name, 'refresh'), {})).status).toBe(202);
    expect(
      (
        await post(apiPaths.users(), {
          username: 'temp',
          password: 'temp-password',
          role: 'viewer',
        })
      ).status,
    ).toBe(201);
    expect(
      (await fetch(base + apiPaths.user('temp'), { method: 'DELETE', headers: asClient(admin) }))
        .status,
    ).toBe(204);
    const token = (await (await post(apiPaths.kioskTokens(), { label: 'Lobby' })).json()) as {
      id: string;
    };
    expect(
      (
        await fetch(base + apiPaths.kioskToken(token.id), {
          method: 'DELETE',
          headers: asClient(admin),
        })
      ).status,
    ).toBe(204);

    const page = (await (
      await fetch(`${base}/api/audit?limit=200`, { headers: { cookie: admin.cookie } })
    ).json()) as {
      entries: {
        action: string;
        actor: string;
        outcome: string;
        params: Record<string, unknown> | null;
      }[];
    };
    const actions = new Set(page.entries.map((e) => e.action));
    for (const action of [
      'session.login',
      'volume.create',
      'job.cancel',
      'pool.refresh',
      'user.create',
      'user.remove',
      'kiosk-token.create',
      'kiosk-token.revoke',
    ]) {
      expect(actions, action).toContain(action);
    }
    const create = page.entries.find((e) => e.action === 'volume.create' && e.actor === 'admin');
    expect(create).toMatchObject({
      outcome: 'ok',
      params: expect.objectContaining({ name: 'audit.raw', jobId: job.id }),
    });
    expect(JSON.stringify(page.entries)).not.toContain('temp-password');
    expect(page.entries.some((e) => e.action === 'session.login' && e.outcome === 'denied')).toBe(
      true,
    );
    expect(page.entries.some((e) => e.actor === 'Wall' && e.outcome === 'denied')).toBe(true);
  });

  // How fast the sockets go (revoke → signed-out) is measured by bench/latency.bench.ts.
  test('revoking a token disconnects its sockets and ends its sessions', async () => {
    const token = auth.tokens.create('Revoke me', 'admin');
    const traded = await fetch(`${base}/api/kiosk/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.token }),
    });
    const cookie = (traded.headers.get('set-cookie') ?? '').split(';')[0]!;
    const viaCookie = socket({ cookie, origin: base });
    const viaToken = socket({ token: token.token });
    await Promise.all([connected(viaCookie), connected(viaToken)]);
    const signedOut = Promise.all(
      [viaCookie, viaToken].map(
        (s) => new Promise<unknown>((resolve) => s.once('auth:signed-out' as never, resolve)),
      ),
    );
    const disconnected = Promise.all(
      [viaCookie, viaToken].map((s) => new Promise((r) => s.once('disconnect', r))),
    );
    const res = await fetch(base + apiPaths.kioskToken(token.id), {
      method: 'DELETE',
      headers: asClient(admin),
    });
    expect(res.status).toBe(204);
    expect(await within('auth:signed-out', signedOut)).toEqual([
      { reason: 'revoked' },
      { reason: 'revoked' },
    ]);
    await within('disconnect', disconnected);
    expect((await fetch(`${base}/api/session`, { headers: { cookie } })).status).toBe(401);
    expect(
      (await fetch(`${base}/api/hosts`, { headers: { authorization: `Bearer ${token.token}` } }))
        .status,
    ).toBe(401);
  });
});
