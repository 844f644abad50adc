import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asClient, signIn, startHarness, type Harness } from '../test-support/auth-harness.js';
import { postFrom } from '../test-support/from-address.js';

/** Sign-in floods, kiosk-token guessing, /metrics access, audit naming (in-process app). */
let h: Harness;
let kioskToken: string;
const METRICS_TOKEN = 'scraper-token-0123456789';

beforeAll(async () => {
  h = await startHarness({
    loginLimit: { limit: 3, windowMs: 60_000, perIpLimit: 5, kioskPerIpLimit: 2 },
    metricsToken: METRICS_TOKEN,
  });
  await h.auth.bootstrap('admin-password');
  await h.auth.users.add('vera', 'viewer-password', 'viewer');
  kioskToken = h.auth.tokens.create('Wall', 'admin').token;
});
afterAll(() => h.close());

const login = (from: string, username: string, password: string) =>
  postFrom(h.base, from, '/api/session', { username, password });

describe('sign-in limits', () => {
  test('one address is limited across usernames, other addresses are not', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login('127.0.0.21', `random-${i}`, 'wrong-password')).status).toBe(401);
    }
    const limited = await login('127.0.0.21', 'random-new', 'wrong-password');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password from that address waits out the window...
    expect((await login('127.0.0.21', 'admin', 'admin-password')).status).toBe(429);
    // ...while the admin elsewhere signs in.
    expect((await login('127.0.0.22', 'admin', 'admin-password')).status).toBe(200);
    // Unlocking the address (the CLI's `unlock --ip`) lets it in again.
    h.auth.limiter.unlockIp('127.0.0.21');
    expect((await login('127.0.0.21', 'admin', 'admin-password')).status).toBe(200);
  });

  test('unlock NAME clears the user and the addresses it failed from', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await login('127.0.0.23', 'vera', 'wrong-password')).status).toBe(401);
    }
    expect((await login('127.0.0.23', 'vera', 'viewer-password')).status).toBe(429);
    expect(h.auth.limiter.unlockUser('vera')).toBeGreaterThanOrEqual(2);
    expect((await login('127.0.0.23', 'vera', 'viewer-password')).status).toBe(200);
  });

  test('kiosk-token trades are limited per address (POST and /kiosk?token=)', async () => {
    const trade = (token: string) =>
      postFrom(h.base, '127.0.0.24', '/api/kiosk/session', { token });
    expect((await trade('guess-1')).status).toBe(401);
    expect((await trade('guess-2')).status).toBe(401);
    expect((await trade(kioskToken)).status).toBe(429);
    const viaUrl = await fetch(`${h.base}/kiosk?token=guess-3`, { redirect: 'manual' });
    expect(viaUrl.status).toBe(303); // 127.0.0.1 has its own budget
    expect(
      (await postFrom(h.base, '127.0.0.25', '/api/kiosk/session', { token: kioskToken })).status,
    ).toBe(200);
  });
});

describe('/metrics', () => {
  test('admin session or the metrics token only', async () => {
    const admin = await signIn(h.base, 'admin', 'admin-password');
    const viewer = await signIn(h.base, 'vera', 'viewer-password');
    const get = (headers: Record<string, string> = {}) => fetch(`${h.base}/metrics`, { headers });
    expect((await get()).status).toBe(401);
    expect((await get({ cookie: viewer.cookie })).status).toBe(403);
    expect((await get({ authorization: `Bearer ${kioskToken}` })).status).toBe(401);
    expect((await get({ authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    const byAdmin = await get({ cookie: admin.cookie });
    expect(byAdmin.status).toBe(200);
    expect(await byAdmin.text()).toContain('poolwatch_');
    expect((await get({ authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
  });
});

describe('audit', () => {
  test('a mutation that fails in its route carries its action name, not its path', async () => {
    const admin = await signIn(h.base, 'admin', 'admin-password');
    // The storage service is a stub that throws: a 500 through the app's error handler.
    const res = await fetch(`${h.base}/api/hosts/h1/pools/p1?x=${'a'.repeat(1000)}`, {
      method: 'DELETE',
      headers: asClient(admin),
    });
    expect(res.status).toBe(500);
    const entry = h.auth.audit.page({ limit: 5 }).entries.find((e) => e.status === 500);
    expect(entry).toMatchObject({ action: 'pool.delete', target: 'h1/p1', outcome: 'failed' });
    expect(String(entry?.params?.query).length).toBeLessThanOrEqual(257);
  });
});
