import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SessionInfo } from '@poolwatch/shared';
import { sandboxHost, testDataDir } from '../test-support/sandbox.js';
import { SpawnedBff } from '../test-support/spawned-bff.js';

/**
 * The real BFF (main.ts) at LOG_LEVEL=trace, used the way browsers, kiosks and scripts use
 * it: every secret it handed out or received must be absent from its whole log output.
 */
const dataDir = join(testDataDir, `log-secrets-${randomBytes(3).toString('hex')}`);
let bff: SpawnedBff;

beforeAll(async () => {
  bff = await SpawnedBff.start({
    LOG_LEVEL: 'trace',
    POOLWATCH_DATA: dataDir,
    POOLWATCH_HOSTS: JSON.stringify([sandboxHost]),
    POOLWATCH_ADMIN_PASSWORD: '',
    POOLWATCH_METRICS_TOKEN: `metrics-${randomBytes(12).toString('hex')}`,
  });
});
afterAll(async () => {
  await bff?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const cookieOf = (res: Response): string =>
  (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

function socketHello(auth: { cookie?: string; token?: string }): Promise<void> {
  const socket = connect(bff.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
    auth: auth.token ? { token: auth.token } : {},
  });
  return new Promise((resolve, reject) => {
    socket.on('server:hello', () => {
      socket.close();
      resolve();
    });
    socket.on('connect_error', reject);
  });
}

test('no cookie, CSRF token, Bearer/kiosk token, session id or password in the log', async () => {
  const passwordFile = join(dataDir, 'initial-admin-password');
  expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
  const password = readFileSync(passwordFile, 'utf8').trim();
  expect(password.length).toBeGreaterThanOrEqual(16);

  const wrong = `wrong-${randomBytes(8).toString('hex')}`;
  const failed = await fetch(`${bff.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: wrong }),
  });
  expect(failed.status).toBe(401);
  const signIn = await fetch(`${bff.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = cookieOf(signIn);
  const { csrfToken } = (await signIn.json()) as SessionInfo;
  const admin = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  expect((await fetch(`${bff.url}/api/hosts`, { headers: { cookie } })).status).toBe(200);
  const created = await fetch(`${bff.url}/api/kiosk-tokens`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ label: 'log test' }),
  });
  expect(created.status).toBe(201);
  const { token } = (await created.json()) as { token: string };

  const bearer = await fetch(`${bff.url}/api/hosts`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(bearer.status).toBe(200);
  const kioskUrl = await fetch(`${bff.url}/kiosk?token=${encodeURIComponent(token)}`, {
    redirect: 'manual',
  });
  expect(kioskUrl.status).toBe(303);
  const kioskCookie = cookieOf(kioskUrl);
  expect(kioskCookie).toMatch(/^poolwatch\.sid=/);
  await socketHello({ cookie });
  await socketHello({ token });
  await socketHello({ cookie: kioskCookie });
  const metrics = await fetch(`${bff.url}/metrics`, { headers: { cookie } });
  expect(metrics.status).toBe(200);
  expect((await fetch(`${bff.url}/api/session`, { method: 'DELETE', headers: admin })).status).toBe(
    204,
  );
  await bff.stop();

  const log = bff.stdout + bff.stderr;
  const sid = (c: string) =>
    decodeURIComponent(c.split('=')[1] ?? '')
      .replace(/^s:/, '')
      .split('.')[0] ?? '';
  const secrets = {
    cookie: cookie.split('=')[1],
    'session id': sid(cookie),
    'kiosk cookie': kioskCookie.split('=')[1],
    'kiosk session id': sid(kioskCookie),
    'CSRF token': csrfToken,
    'kiosk/Bearer token': token,
    'kiosk token (URL-encoded)': encodeURIComponent(token),
    'wrong password': wrong,
  };
  for (const [what, value] of Object.entries(secrets)) {
    expect(value && value.length >= 16, `${what} captured`).toBe(true);
    expect(log.includes(value!), `${what} in the BFF's log`).toBe(false);
  }
  // The generated password: one plain line on stderr for the person at the console, never
  // in a structured (JSON) log line.
  expect(bff.stdout.includes(password), 'password in a log line').toBe(false);
  expect(bff.stderr.split(password).length - 1).toBe(1);
  expect(bff.stderr.split('\n').find((l) => l.includes(password))).not.toMatch(/^\{/);

  // The request lines still say what happened, and who asked.
  const lines = bff.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map(
      (l) =>
        JSON.parse(l) as {
          msg?: string;
          req?: { method?: string; path?: string };
          res?: { status?: number };
          user?: string;
          responseTime?: number;
        },
    );
  const requests = lines.filter((l) => l.msg === 'request completed');
  expect(requests.find((l) => l.req?.path === '/api/hosts' && l.user === 'admin')).toMatchObject({
    req: { method: 'GET' },
    res: { status: 200 },
    responseTime: expect.any(Number),
  });
  expect(requests.find((l) => l.req?.path?.startsWith('/kiosk?'))?.req?.path).toBe(
    '/kiosk?token=[redacted]',
  );
  // The low levels really were on (socket connections are logged at debug).
  expect(
    lines.some((l) => ((l as { level?: number }).level ?? 30) <= 20),
    `trace lines in:\n${bff.stdout.slice(0, 3000)}`,
  ).toBe(true);
});
