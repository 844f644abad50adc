import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  asClient,
  signIn,
  startHarness,
  type Client,
  type Harness,
} from '../test-support/auth-harness.js';

let h: Harness;
let admin: Client;
let viewer: Client;
let kioskToken: string;

beforeAll(async () => {
  h = await startHarness({ loginLimit: { limit: 3, windowMs: 60_000 } });
  await h.auth.bootstrap('admin-password');
  await h.auth.users.add('vera', 'viewer-password', 'viewer');
  admin = await signIn(h.base, 'admin', 'admin-password');
  viewer = await signIn(h.base, 'vera', 'viewer-password');
  kioskToken = h.auth.tokens.create('Wall', 'admin').token;
});
afterAll(() => h.close());

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  fetch(`${h.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('authz matrix', () => {
  // Mutations that would reach a real service: a gate must stop them first.
  const mutations: [string, string][] = [
    ['POST', '/api/jobs/x/cancel'],
    ['POST', '/api/hosts/h/pools/p/start'],
    ['DELETE', '/api/hosts/h/pools/p'],
    ['PUT', '/api/hosts/h/pools/p/volumes/v/content'],
    ['POST', '/api/users'],
    ['POST', '/api/kiosk-tokens'],
    ['DELETE', '/api/kiosk-tokens/x'],
  ];

  test.each(mutations)('%s %s: anonymous 401, viewer 403, kiosk 403', async (method, path) => {
    expect((await call(method, path)).status).toBe(401);
    expect((await call(method, path, asClient(viewer), {})).status).toBe(403);
    const kiosk = await call(method, path, { authorization: `Bearer ${kioskToken}` }, {});
    expect(kiosk.status).toBe(403);
    expect(((await kiosk.json()) as { error: { id: string } }).error.id).toBe('forbidden');
  });

  test('a volume download (a whole disk) is admin only, and audited', async () => {
    const path = '/api/hosts/sandbox/pools/p/volumes/v/content';
    expect((await call('GET', path)).status).toBe(401);
    expect((await call('GET', path, { cookie: viewer.cookie })).status).toBe(403);
    expect((await call('GET', path, { authorization: `Bearer ${kioskToken}` })).status).toBe(403);
    expect([401, 403]).not.toContain((await call('GET', path, { cookie: admin.cookie })).status);
  });

  test.each([['/api/users'], ['/api/audit'], ['/api/kiosk-tokens']])(
    'GET %s is admin only',
    async (path) => {
      expect((await call('GET', path)).status).toBe(401);
      expect((await call('GET', path, { cookie: viewer.cookie })).status).toBe(403);
      expect((await call('GET', path, { authorization: `Bearer ${kioskToken}` })).status).toBe(403);
      expect((await call('GET', path, { cookie: admin.cookie })).status).toBe(200);
    },
  );

  test('health is public and carries the build; everything else needs a session', async () => {
    expect(await (await call('GET', '/api/health')).json()).toEqual({
      status: 'ok',
      build: 'test-build',
    });
    expect((await call('GET', '/api/hosts')).status).toBe(401);
    expect((await call('GET', '/api/session')).status).toBe(401);
    expect((await call('GET', '/api/nope')).status).toBe(401);
    expect((await call('GET', '/api/hosts', { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  test('session info: user and kiosk', async () => {
    const me = await (await call('GET', '/api/session', { cookie: viewer.cookie })).json();
    expect(me).toEqual({ user: 'vera', role: 'viewer', kind: 'user', csrfToken: viewer.csrf });
    const kiosk = await call(
      'POST',
      '/api/kiosk/session',
      { 'content-type': 'application/json' },
      { token: kioskToken },
    );
    expect(await kiosk.json()).toMatchObject({ user: 'Wall', role: 'viewer', kind: 'kiosk' });
  });

  test('session cookie is httpOnly, SameSite=Strict, and Secure behind a trusted https proxy', async () => {
    const res = await call(
      'POST',
      '/api/session',
      { 'content-type': 'application/json' },
      { username: 'admin', password: 'admin-password' },
    );
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    const proxied = await startHarness({ auth: h.auth, trustProxy: true });
    try {
      const viaProxy = await fetch(`${proxied.base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'admin', password: 'admin-password' }),
      });
      expect(viaProxy.headers.get('set-cookie')).toMatch(/Secure/i);
    } finally {
      await proxied.close();
    }
  });
});

describe('CSRF and Origin', () => {
  test('cookie mutation without or with a wrong token is 403 csrf; the right one passes the gate', async () => {
    const noToken = await call(
      'POST',
      '/api/kiosk-tokens',
      { cookie: admin.cookie, 'content-type': 'application/json' },
      { label: 'x' },
    );
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: { id: string } }).error.id).toBe('csrf');
    const wrong = await call(
      'POST',
      '/api/kiosk-tokens',
      asClient(admin, { 'x-csrf-token': 'nope' }),
      { label: 'x' },
    );
    expect(wrong.status).toBe(403);
    const ok = await call('POST', '/api/kiosk-tokens', asClient(admin), { label: 'csrf-ok' });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { id: string; token: string; url: string };
    expect(created.url).toBe(`${h.base}/kiosk?token=${created.token}`);
  });

  test('a foreign Origin is refused even with a valid CSRF token', async () => {
    const res = await call(
      'POST',
      '/api/kiosk-tokens',
      asClient(admin, { origin: 'https://evil.example' }),
      { label: 'x' },
    );
    expect(res.status).toBe(403);
    const same = await call('POST', '/api/kiosk-tokens', asClient(admin, { origin: h.base }), {
      label: 'same',
    });
    expect(same.status).toBe(201);
  });
});

describe('sign-in', () => {
  test('session id is regenerated on login', async () => {
    const first = await signIn(h.base, 'vera', 'viewer-password');
    const res = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ username: 'vera', password: 'viewer-password' }),
    });
    const second = (res.headers.get('set-cookie') ?? '').split(';')[0];
    expect(second).not.toBe(first.cookie);
    expect((await call('GET', '/api/session', { cookie: first.cookie })).status).toBe(401);
  });

  test('failed attempts per username+IP are rate-limited with Retry-After; others are not', async () => {
    const attempt = (username: string, password: string) =>
      call('POST', '/api/session', { 'content-type': 'application/json' }, { username, password });
    for (let i = 0; i < 3; i++)
      expect((await attempt('mallory', 'wrong-password')).status).toBe(401);
    const limited = await attempt('mallory', 'wrong-password');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt('vera', 'viewer-password')).status).toBe(200);
    const audit = h.auth.audit.page({ limit: 10 }).entries.filter((e) => e.actor === 'mallory');
    // Refused anonymous attempts: one row per IP, status and minute, with a count.
    expect(audit.map((e) => [e.status, e.count])).toEqual([
      [429, 1],
      [401, 3],
    ]);
  });

  test('logout needs the same Origin and CSRF token as other mutations', async () => {
    const c = await signIn(h.base, 'vera', 'viewer-password');
    const bare = await call('DELETE', '/api/session', { cookie: c.cookie });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { error: { id: string } }).error.id).toBe('csrf');
    const foreign = await call('DELETE', '/api/session', asClient(c, { origin: 'http://evil' }));
    expect(foreign.status).toBe(403);
    expect((await call('GET', '/api/session', { cookie: c.cookie })).status).toBe(200);
  });

  test('logout ends the session', async () => {
    const c = await signIn(h.base, 'vera', 'viewer-password');
    expect((await call('DELETE', '/api/session', asClient(c))).status).toBe(204);
    expect((await call('GET', '/api/hosts', { cookie: c.cookie })).status).toBe(401);
  });
});

describe('audit', () => {
  test('denied mutations are recorded with actor, outcome and IP', async () => {
    await call('POST', '/api/jobs/j9/cancel', asClient(viewer), {});
    const page = (await (
      await call('GET', '/api/audit?limit=5', { cookie: admin.cookie })
    ).json()) as {
      entries: {
        actor: string;
        action: string;
        target: string;
        outcome: string;
        status: number;
        ip: string;
      }[];
    };
    expect(page.entries.find((e) => e.action === 'job.cancel')).toMatchObject({
      actor: 'vera',
      target: 'j9',
      outcome: 'denied',
      status: 403,
      ip: expect.stringContaining('127.0.0.1'),
    });
  });
});
