import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JOBS_NEXT_CURSOR_HEADER, JobTimelineSchema, apiPaths, type Job } from '@poolwatch/shared';
import {
  api,
  MiB,
  runJob,
  startStack,
  submit,
  waitJob,
  writeRandomFile,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Job history on the real host: real jobs (creates, deletes, a clone) through HTTP, then the
 * list paged with its cursor, filtered, exported as CSV, and a clone's timeline with samples.
 */
const H = 'sandbox';
const CREATES = 7;

describe('job history on the real host', () => {
  let stack: Stack;
  let pool: TestPool;
  let clone: Job;
  const created: Job[] = [];

  const get = async (path: string) => {
    const res = await fetch(stack.base + path, {
      headers: { cookie: stack.admin.cookie, 'x-csrf-token': stack.admin.csrf },
    });
    return { res, text: await res.text() };
  };

  beforeAll(async () => {
    pool = createTestPool('history');
    await writeRandomFile(join(pool.dir, 'src.raw'), 256 * MiB);
    virsh('pool-refresh', '--', pool.name);
    stack = await startStack();
    for (let i = 0; i < CREATES; i += 1) {
      const body = { name: `=vol ${i}, "quoted"`, capacity: MiB };
      created.push(await runJob(stack, 'POST', apiPaths.volumes(H, pool.name), body));
    }
    await runJob(stack, 'DELETE', apiPaths.volume(H, pool.name, `=vol 0, "quoted"`));
    const submitted = await submit(stack, 'POST', apiPaths.volumeClone(H, pool.name, 'src.raw'), {
      name: 'copy.raw',
    });
    clone = await waitJob(stack, submitted.id, 120_000);
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
  });

  test('every job once, newest first, pages of 3 by the cursor header', async () => {
    const seen: Job[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: '3', host: H });
      if (cursor) query.set('cursor', cursor);
      const { res, text } = await get(`${apiPaths.jobs()}?${query}`);
      expect(res.status).toBe(200);
      seen.push(...(JSON.parse(text) as Job[]));
      cursor = res.headers.get(JOBS_NEXT_CURSOR_HEADER);
      pages += 1;
    } while (cursor !== null);
    const ours = seen.filter((j) => j.target.pool === pool.name);
    expect(ours).toHaveLength(CREATES + 2);
    expect(new Set(seen.map((j) => j.id)).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 3));
    const times = seen.map((j) => j.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(ours[0]?.id).toBe(clone.id);
  });

  test('filters: pool, kind, user, state, origin, time range', async () => {
    const list = async (query: Record<string, string>) => {
      const { res, text } = await get(`${apiPaths.jobs()}?${new URLSearchParams(query)}`);
      expect(res.status, text).toBe(200);
      return JSON.parse(text) as Job[];
    };
    expect(await list({ pool: pool.name, kind: 'volume.create' })).toHaveLength(CREATES);
    expect(await list({ pool: pool.name, kind: 'volume.delete' })).toHaveLength(1);
    expect(await list({ pool: pool.name, user: 'admin' })).toHaveLength(CREATES + 2);
    expect(await list({ pool: pool.name, user: 'somebody else' })).toHaveLength(0);
    expect(await list({ pool: pool.name, state: 'succeeded' })).toHaveLength(CREATES + 2);
    expect(await list({ pool: pool.name, origin: 'poolwatch' })).toHaveLength(CREATES + 2);
    expect(await list({ pool: pool.name, origin: 'external' })).toHaveLength(0);
    const from = created[2]!.createdAt;
    const to = created[5]!.createdAt;
    expect((await list({ pool: pool.name, from, to })).map((j) => j.id)).toEqual(
      created
        .slice(2, 5)
        .map((j) => j.id)
        .reverse(),
    );
    const bad = await get(`${apiPaths.jobs()}?cursor=nonsense`);
    expect(bad.res.status).toBe(400);
  });

  test('typed params and who started it', () => {
    expect(created[0]?.params).toEqual({
      kind: 'volume.create',
      name: '=vol 0, "quoted"',
      capacity: MiB,
    });
    expect(clone.params).toMatchObject({
      kind: 'volume.clone',
      name: 'copy.raw',
      sourceFormat: 'raw',
    });
    expect(clone.startedBy).toBe('admin');
  });

  test('CSV: header, one row per job, RFC 4180 quoting, formulas defused', async () => {
    const { res, text } = await get(
      `${apiPaths.jobsCsv()}?${new URLSearchParams({ pool: pool.name, kind: 'volume.create' })}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(CREATES + 1);
    expect(lines[0]?.split(',')[0]).toBe('id');
    // The params cell is JSON with quotes: quoted, quotes doubled.
    expect(text).toContain('""name"":""=vol 3, \\""quoted\\""""');
    expect(text).not.toMatch(/(^|,)=/m);
  });

  test('a clone’s timeline: queued by admin, started, ended; samples end at the full size', async () => {
    const { res, text } = await get(apiPaths.jobTimeline(clone.id));
    expect(res.status).toBe(200);
    const timeline = JobTimelineSchema.parse(JSON.parse(text));
    expect(timeline.events[0]).toMatchObject({ type: 'queued', by: 'admin' });
    expect(timeline.events.map((e) => e.type)).toContain('started');
    expect(timeline.events.at(-1)).toMatchObject({ type: 'ended', message: 'succeeded' });
    expect(timeline.samples.length).toBeGreaterThan(0);
    expect(timeline.samples.at(-1)?.processed).toBe(256 * MiB);
    const missing = await api(stack, 'GET', apiPaths.jobTimeline('no-such-job'));
    expect(missing.status).toBe(404);
  });
});
