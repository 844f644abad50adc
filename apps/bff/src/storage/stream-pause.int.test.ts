import { createReadStream, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type Job } from '@poolwatch/shared';
import {
  api,
  MiB,
  openersOf,
  sha256,
  sleep,
  startStack,
  writeRandomFile,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, type TestPool } from '../test-support/sandbox.js';

/**
 * Pause and limit of a stream (issue 11, "streams pause and pace") on the real host, through
 * Poolwatch's stream mover (a file volume of a dir pool, root over SSH). Ground truth is the
 * kernel's file position of the fd the host process holds open on the target
 * (/proc/<pid>/fdinfo/<fd>), and the target's sha256, never Poolwatch's own report.
 */
const H = 'sandbox';
const SOURCE = 'stream source.raw'; // 512 MiB of random bytes, outside the pool
const SIZE = 512 * MiB;

describe('streams pause and pace', () => {
  let stack: Stack;
  let pool: TestPool;
  let sourceFile: string;
  let sourceSha: string;

  beforeAll(async () => {
    pool = createTestPool('stream-pause');
    sourceFile = join(pool.dir, '..', `${pool.name.replaceAll(' ', '_')}-${SOURCE}`);
    await writeRandomFile(sourceFile, SIZE);
    sourceSha = await sha256(sourceFile);
    stack = await startStack();
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
    if (sourceFile) rmSync(sourceFile, { force: true });
  });

  /** PUT …/content?create=1 with the source file streamed as fast as the BFF reads it. */
  const upload = (name: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(stack.base + apiPaths.volumeContent(H, pool.name, name) + '?create=1');
      const req = http.request(url, {
        method: 'PUT',
        headers: {
          Cookie: stack.admin.cookie,
          'X-CSRF-Token': stack.admin.csrf,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(SIZE),
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      createReadStream(sourceFile, { highWaterMark: MiB }).pipe(req);
    });

  const activeUpload = async (name: string): Promise<Job> => {
    let found: Job | undefined;
    await expect
      .poll(
        async () => {
          const jobs = await api<Job[]>(stack, 'GET', '/api/jobs?state=active');
          found = jobs.body.find((j) => j.kind === 'volume.upload' && j.target.volume === name);
          return (found?.progress.dataProcessed ?? 0) > 0 && hostPos(name) !== null;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe(true);
    return found!;
  };

  /** The host's figure: the file position of the fd a host process holds on the target. */
  const hostPos = (name: string): number | null => {
    const holder = openersOf([join(pool.dir, name)]).find((h) => h.comm === 'dd');
    if (!holder) return null;
    const fd = /^fd (\d+) /.exec(holder.detail)?.[1];
    try {
      const info = readFileSync(`/proc/${holder.pid}/fdinfo/${fd}`, 'utf8');
      return Number(/^pos:\s*(\d+)/m.exec(info)![1]);
    } catch {
      return null; // dd ended meanwhile
    }
  };
  /** Host-measured bytes per second over `ms` (a measuring window, not a wait for state). */
  const hostRate = async (name: string, ms: number) => {
    const a = hostPos(name)!;
    const t0 = performance.now();
    await sleep(ms);
    return ((hostPos(name)! - a) / (performance.now() - t0)) * 1000;
  };
  /** Pause and resume answer 202, a limit 200. */
  const call = async (method: string, path: string, body?: unknown) => {
    const reply = await api<Job>(stack, method, path, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(method === 'PUT' ? 200 : 202);
    return reply.body;
  };

  test('pause an upload: the target does not move for 3 s; resume: it completes, sha256 equal', async () => {
    const name = 'paused upload.img';
    const finished = upload(name);
    const job = await activeUpload(name);
    expect(job.pausable).toBe(true);
    expect(job.progress.source).toMatch(/mover/);
    const paused = await call('POST', apiPaths.jobPause(job.id));
    expect(paused.state).toBe('paused');
    expect(paused.pauseNote).toMatch(/BFF/);
    // Bytes already past the BFF (its buffer, the pipe, the SSH window) land first.
    await expect
      .poll(async () => (await hostRate(name, 500)) === 0, { timeout: 10_000, interval: 0 })
      .toBe(true);
    const before = hostPos(name);
    expect(await hostRate(name, 3000)).toBe(0);
    expect(before).toBeLessThan(SIZE);
    await call('POST', apiPaths.jobResume(job.id));
    const reply = await finished;
    expect(reply.status, reply.body).toBe(200);
    expect((JSON.parse(reply.body) as Job).state).toBe('succeeded');
    expect(await sha256(join(pool.dir, name))).toBe(sourceSha);
  }, 300_000);

  test('a limit holds within 1.1× over 5 s on the host; lifted, the upload completes', async () => {
    const name = 'limited upload.img';
    const finished = upload(name);
    const job = await activeUpload(name);
    const limit = 20 * MiB;
    const limited = await call('PUT', apiPaths.jobLimits(job.id), { bytesPerSecond: limit });
    expect(limited.limits).toEqual({
      bytesPerSecond: limit,
      enforcedBy: expect.stringMatching(/BFF/),
    });
    await sleep(1000); // what was in flight before the limit lands first
    const rate = await hostRate(name, 5000);
    expect(rate).toBeLessThanOrEqual(limit * 1.1);
    expect(rate).toBeGreaterThan(0);
    await call('PUT', apiPaths.jobLimits(job.id), { bytesPerSecond: null });
    const reply = await finished;
    expect(reply.status, reply.body).toBe(200);
    expect(await sha256(join(pool.dir, name))).toBe(sourceSha);
  }, 300_000);
});
