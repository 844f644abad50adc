import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { pathOf, routes, SearchAnswerSchema, type SearchResult } from '@poolwatch/shared';
import { api, startStack, type Stack } from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * GET /api/search on the real host: volumes created on the daemon (by virsh, as another
 * admin would) are found by name and by path across pools, from the inventory's poll.
 */
const H = 'sandbox';
const hostile = "pw-srch $(x); 'q' \u202Eevil -- ünï";

describe('fleet search on the real host', () => {
  let stack: Stack;
  let a: TestPool;
  let b: TestPool;

  const search = async (q: string, limit?: number) => {
    const reply = await api(stack, 'GET', pathOf(routes.search, {}, { q, limit }));
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return SearchAnswerSchema.parse(reply.body);
  };
  const volumesOf = (results: SearchResult[]) =>
    results
      .filter((r) => r.kind === 'volume')
      .map((r) => `${r.pool}/${r.name}`)
      .sort();

  beforeAll(async () => {
    a = createTestPool('search-a');
    b = createTestPool('search-b');
    for (const [pool, name] of [
      [a, 'pwsrch-alpha.raw'],
      [b, 'pwsrch-alpha.qcow2'],
      [b, 'other.img'],
      [a, hostile],
    ] as const) {
      writeFileSync(join(pool.dir, name), '');
    }
    virsh('pool-refresh', '--', a.name);
    virsh('pool-refresh', '--', b.name);
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    a?.destroy();
    b?.destroy();
  });

  test('by name across pools, by path within one, hostile names intact', async () => {
    await vi.waitFor(
      async () => {
        expect(volumesOf((await search('PWSRCH-alpha')).results)).toEqual(
          [`${a.name}/pwsrch-alpha.raw`, `${b.name}/pwsrch-alpha.qcow2`].sort(),
        );
      },
      { timeout: 30_000, interval: 250 },
    );
    const byPath = await search(join(b.dir, 'oth'));
    expect(byPath.results).toEqual([
      {
        kind: 'volume',
        hostId: H,
        pool: b.name,
        name: 'other.img',
        path: join(b.dir, 'other.img'),
        match: 'path',
      },
    ]);
    // The bidi override is ignored for matching; the name comes back byte for byte.
    const odd = await search("$(x); 'q' evil");
    expect(odd.results.map((r) => r.name)).toEqual([hostile]);
    // Pools are found too, and the host by its id.
    expect((await search(a.name)).results[0]).toMatchObject({ kind: 'pool', name: a.name });
    expect((await search(H)).results.some((r) => r.kind === 'host' && r.hostId === H)).toBe(true);
  });

  test('a volume created by someone else shows up after a poll; a deleted one goes', async () => {
    virsh('vol-create-as', '--pool', b.name, '--name', 'pwsrch-late.raw', '--capacity', '1M');
    await vi.waitFor(
      async () =>
        expect(volumesOf((await search('pwsrch-late')).results)).toEqual([
          `${b.name}/pwsrch-late.raw`,
        ]),
      { timeout: 30_000, interval: 250 },
    );
    virsh('vol-delete', '--pool', b.name, '--', 'pwsrch-late.raw');
    await vi.waitFor(async () => expect((await search('pwsrch-late')).total).toBe(0), {
      timeout: 30_000,
      interval: 250,
    });
  });

  test('limit caps the list, total counts all; a bad query is a 400', async () => {
    const capped = await search('pwsrch', 1);
    expect(capped.results).toHaveLength(1);
    expect(capped.total).toBe(2);
    for (const query of [
      'q=',
      'q=%20%20',
      'q=a&limit=0',
      'q=a&limit=101',
      `q=${'x'.repeat(201)}`,
    ]) {
      const reply = await api(stack, 'GET', `/api/search?${query}`);
      expect(reply.status, query).toBe(400);
    }
  });
});
