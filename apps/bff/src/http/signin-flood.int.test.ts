import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { postFrom } from '../test-support/from-address.js';
import { sandboxHost, testDataDir } from '../test-support/sandbox.js';
import { SpawnedBff } from '../test-support/spawned-bff.js';

/**
 * 32 clients, each from its own loopback address, sign in with random usernames as fast as
 * they can against the real BFF (OWASP scrypt cost). The admin signs in from another
 * address meanwhile and must get in; every flooding address is stopped by the per-IP limit.
 * Latency figures are bench/signin-flood.bench.ts's job.
 */
const dataDir = join(testDataDir, `signin-flood-${randomBytes(3).toString('hex')}`);
const ADMIN_PASSWORD = `admin-${randomBytes(8).toString('hex')}`;
const CLIENTS = 32;
let bff: SpawnedBff;

beforeAll(async () => {
  bff = await SpawnedBff.start({
    LOG_LEVEL: 'warn',
    POOLWATCH_DATA: dataDir,
    POOLWATCH_HOSTS: JSON.stringify([sandboxHost]),
    POOLWATCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
});
afterAll(async () => {
  await bff?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a 32-client random-username flood: the admin still signs in, each flooder hits 429', async () => {
  let flooding = true;
  const statuses: number[][] = Array.from({ length: CLIENTS }, () => []);
  const clients = statuses.map(async (seen, i) => {
    const from = `127.0.0.${i + 2}`;
    while (flooding) {
      const username = `u-${randomBytes(6).toString('hex')}`;
      const res = await postFrom(bff.url, from, '/api/session', {
        username,
        password: 'guess-1234',
      });
      seen.push(res.status);
    }
  });
  const stop = async () => {
    flooding = false;
    await Promise.all(clients);
  };
  // The flood is on once every client has had an answer.
  await expect
    .poll(() => statuses.every((s) => s.length > 0), { timeout: 120_000, interval: 100 })
    .toBe(true)
    .catch(async (error: unknown) => {
      await stop();
      throw error;
    });

  const admin = await postFrom(bff.url, '127.0.0.1', '/api/session', {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  const page = await fetch(`${bff.url}/`);
  // Let every flooder reach its per-IP limit (30 failures or busy refusals in 15 min).
  await expect
    .poll(() => statuses.every((s) => s.includes(429)), { timeout: 120_000, interval: 200 })
    .toBe(true)
    .finally(stop);

  expect(admin.status, admin.text).toBe(200);
  expect([200, 404]).toContain(page.status); // 404 only when the web UI is not built
  const all = statuses.flat();
  expect(all.filter((s) => s >= 500)).toEqual([]);
  expect(new Set(all)).toEqual(new Set(all.filter((s) => s === 401 || s === 429)));
  // The address budget holds: no flooder got more than 30 password checks answered 401.
  for (const seen of statuses) expect(seen.filter((s) => s === 401).length).toBeLessThanOrEqual(30);
}, 240_000);
