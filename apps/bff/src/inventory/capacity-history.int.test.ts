import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { apiPaths, type ApiError, type HostForecasts, type PoolHistory } from '@poolwatch/shared';
import { poolInfo } from '@poolwatch/host-truth';
import { api, startStack, type Stack } from '../test-support/jobs.js';
import { createTestPool, testDataDir, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Capacity history on the real host: the sampler writes what the poll read, and the figures
 * are the ones `virsh pool-info --bytes` prints. A dir pool's figures are its file system's
 * (statvfs), which other processes write to, so allocation/available are compared within
 * 64 MiB; capacity is exact.
 */
const H = 'sandbox';
const SLACK = 64 * 1024 ** 2;

describe('capacity history (real libvirtd over sshd)', () => {
  let stack: Stack;
  let pool: TestPool;
  const hostileName = `pw-int hist '"$;\`x -${Date.now().toString(36)}`;
  const hostileDir = join(testDataDir, 'pools', `hist-hostile-${Date.now().toString(36)}`);
  const history = (poolName: string, query = '') =>
    api<PoolHistory>(stack, 'GET', apiPaths.poolHistory(H, poolName) + query);

  beforeAll(async () => {
    pool = createTestPool('hist');
    mkdirSync(hostileDir, { recursive: true });
    virsh('pool-create-as', '--name', hostileName, '--type', 'dir', '--target', hostileDir);
    stack = await startStack({ historySampleMs: 200 });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
    try {
      virsh('pool-destroy', '--', hostileName);
    } catch {
      // already gone
    }
    rmSync(hostileDir, { recursive: true, force: true });
  });

  test('samples accumulate and match virsh pool-info', async () => {
    await vi.waitFor(
      async () => {
        const reply = await history(pool.name);
        expect(reply.status).toBe(200);
        expect(reply.body.samples.length).toBeGreaterThanOrEqual(3);
      },
      { timeout: 30_000, interval: 250 },
    );
    const truth = await poolInfo(pool.name);
    const { samples, forecast } = (await history(pool.name)).body;
    const times = samples.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const last = samples.at(-1)!;
    expect(last.capacity).toBe(truth.capacity);
    expect(Math.abs(last.allocation! - truth.allocation)).toBeLessThanOrEqual(SLACK);
    expect(Math.abs(last.available! - truth.available)).toBeLessThanOrEqual(SLACK);
    // Seconds of history: no forecast, and it says why.
    expect(forecast).toMatchObject({ fullAt: null, bytesPerDay: null });
    expect(forecast.basis).toMatch(/needs 24 hours/);
  });

  test('a pool with quotes, $, ; and a backtick in its name is sampled too', async () => {
    await vi.waitFor(
      async () => expect((await history(hostileName)).body.samples.length).toBeGreaterThan(0),
      { timeout: 30_000, interval: 250 },
    );
    const truth = await poolInfo(hostileName);
    expect((await history(hostileName)).body.samples.at(-1)!.capacity).toBe(truth.capacity);
  });

  test("one request holds every pool's forecast, the same as each pool's own", async () => {
    const reply = await api<HostForecasts>(stack, 'GET', apiPaths.hostForecasts(H));
    expect(reply.status).toBe(200);
    const names = Object.keys(reply.body.pools);
    expect(names).toEqual(expect.arrayContaining([pool.name, hostileName]));
    for (const name of [pool.name, hostileName])
      expect(reply.body.pools[name]).toEqual((await history(name)).body.forecast);
    expect((await api(stack, 'GET', apiPaths.hostForecasts('nohost'))).status).toBe(404);
  });

  test('from/to select the range', async () => {
    const future = '?from=2099-01-01T00:00:00Z&to=2099-01-02T00:00:00Z';
    const reply = await history(pool.name, future);
    expect(reply.status).toBe(200);
    expect(reply.body.samples).toEqual([]);
  });

  test.each([
    ['not a date', '?from=yesterday'],
    ['from after to', '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['more than 366 days', '?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
  ])('400 for a bad range: %s', async (_what, query) => {
    const reply = await history(pool.name, query);
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  });

  test.each([
    ['a slash', 'a/b'],
    ['a NUL', 'a\u0000b'],
    ['too long', 'x'.repeat(5000)],
  ])('400 for a pool name with %s', async (_what, name) => {
    const reply = await history(name);
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
    expect((reply.body as unknown as ApiError).error.message).toMatch(/pool name/);
  });

  test('404 for an unknown pool and an unknown host', async () => {
    expect((await history('pw-int no such pool')).status).toBe(404);
    const reply = await api(stack, 'GET', apiPaths.poolHistory('nohost', pool.name));
    expect(reply.status).toBe(404);
  });
});
