import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import * as tus from 'tus-js-client';
import { ResumableUploadParamsSchema, type Job } from '@poolwatch/shared';
import { startChildBff, type ChildBff } from '../test-support/bff-child.js';
import { MiB } from '../test-support/api-client.js';
import { createTestPool, sandboxHost, type TestPool } from '../test-support/sandbox.js';
import { tusHead } from '../test-support/tus-client.js';

/**
 * The BFF (src/main.ts as production starts it) is killed with SIGKILL at about half of a
 * 256 MiB upload made by tus-js-client (the browser's client, here in Node), restarted on
 * the same data dir, and the upload resumes from the offset the job store kept: the same
 * job succeeds, shows the resume offset, and the volume holds exactly the file.
 */
let pool: TestPool;
let dataDir: string;
let bff: ChildBff | undefined;

beforeAll(() => {
  pool = createTestPool('tus-restart');
  dataDir = mkdtempSync(join(tmpdir(), 'pw-tus-restart-'));
});

afterAll(async () => {
  await bff?.kill('SIGTERM');
  pool?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const CHUNK = 32 * MiB;

function upload(
  base: string,
  admin: ChildBff['admin'],
  data: Buffer,
  options: Partial<tus.UploadOptions>,
): tus.Upload {
  return new tus.Upload(data, {
    endpoint: `${base}/api/uploads`,
    chunkSize: CHUNK,
    retryDelays: [],
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    metadata: { hostId: sandboxHost.id, pool: pool.name, volume: name, create: '1' },
    ...options,
  });
}

const name = 'tus restart "half" $x.raw';

test('SIGKILL at ~half of a 256 MiB tus upload, restart, resume: same job, same bytes', async () => {
  const data = randomBytes(256 * MiB);
  bff = await startChildBff(dataDir);
  let location: string | null = null;
  let killing: Promise<unknown> | null = null;
  const first = bff;
  const failed = new Promise<void>((resolve) => {
    const up = upload(first.base, first.admin, data, {
      onUploadUrlAvailable: () => {
        location = new URL(up.url ?? '').pathname;
      },
      onProgress: (sent) => {
        if (sent >= data.length / 2 && !killing) killing = first.kill('SIGKILL');
      },
      onError: () => resolve(),
      onSuccess: () => resolve(),
    });
    up.start();
  });
  await failed;
  await killing;
  expect(location).not.toBeNull();
  const id = decodeURIComponent(String(location).split('/').at(-1) ?? '');

  bff = await startChildBff(dataDir);
  const second = bff;
  // The adopted job waits for its client; the offset is what virsh confirmed before the kill.
  await vi.waitFor(
    async () => {
      const job = await second.api<Job>('GET', `/api/jobs/${id}`);
      expect(job.body.state).toBe('running');
    },
    { timeout: 30_000 },
  );
  const head = await tusHead(second.base, second.admin, String(location));
  expect(head.status).toBe(200);
  const offset = Number(head.headers['upload-offset']);
  expect(offset % CHUNK).toBe(0); // whole confirmed chunks only: the one cut off is re-sent
  expect(offset).toBeGreaterThan(0);
  expect(offset).toBeLessThan(data.length);

  await new Promise<void>((resolve, reject) => {
    const up = upload(second.base, second.admin, data, {
      uploadUrl: `${second.base}${String(location)}`,
      onError: reject,
      onSuccess: () => resolve(),
    });
    up.start();
  });
  const job = (await second.api<Job>('GET', `/api/jobs/${id}`)).body;
  expect(job.state).toBe('succeeded');
  const params = ResumableUploadParamsSchema.parse(job.params);
  expect(params).toMatchObject({ uploaded: data.length, resumedFrom: offset });
  expect(params.resumes).toBeGreaterThanOrEqual(1);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  expect(sha(readFileSync(join(pool.dir, name)))).toBe(sha(data));
}, 300_000);
