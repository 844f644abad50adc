import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { SessionInfo } from '@poolwatch/shared';
import { openAuthDb } from '../auth/auth-db.js';
import { AuthService } from '../auth/auth-service.js';
import { createApp, type AppDeps } from '../http/app.js';
import { pino } from 'pino';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

export interface Harness {
  app: Express;
  auth: AuthService;
  http: Server;
  base: string;
  close(): Promise<void>;
}

/** The real app on an ephemeral port; services not passed are stubs that must not be reached. */
export async function startHarness(
  overrides: Partial<AppDeps> = {},
  attach?: (http: Server, auth: AuthService) => void,
): Promise<Harness> {
  const auth =
    overrides.auth ??
    new AuthService({
      db: openAuthDb(':memory:'),
      logger: logger.child({ test: true }),
      // Cheap hashes: these tests are about the gates, auth.test.ts checks OWASP cost.
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
    });
  const unreachable = new Proxy(
    {},
    {
      get: (_t, prop) => {
        throw new Error(`stub service reached: ${String(prop)}`);
      },
    },
  );
  const app = createApp({
    inventory: unreachable as AppDeps['inventory'],
    storage: unreachable as AppDeps['storage'],
    uploads: unreachable as AppDeps['uploads'],
    jobs: unreachable as AppDeps['jobs'],
    history: unreachable as AppDeps['history'],
    logger: logger.child({ test: true }),
    webDist: '/nonexistent',
    build: 'test-build',
    ...overrides,
    auth,
  });
  const http = createServer(app);
  attach?.(http, auth);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    app,
    auth,
    http,
    base,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

export interface Client {
  cookie: string;
  csrf: string;
  info: SessionInfo;
}

export async function signIn(base: string, username: string, password: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const info = (await res.json()) as SessionInfo;
  return { cookie, csrf: info.csrfToken, info };
}

/** Headers for a cookie-authenticated mutation. */
export const asClient = (c: Client, extra: Record<string, string> = {}) => ({
  cookie: c.cookie,
  'x-csrf-token': c.csrf,
  'content-type': 'application/json',
  ...extra,
});
