import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { ResumableUploadParamsSchema, type Job } from '@poolwatch/shared';
import { signIn, type Client } from '../test-support/auth-harness.js';
import { MiB, startStack, type Stack } from '../test-support/jobs.js';
import { createTestPool, sandboxHost, type TestPool } from '../test-support/sandbox.js';
import {
  tusCreate,
  tusDelete,
  tusHead,
  tusPatch,
  tusPatchThenDrop,
} from '../test-support/tus-client.js';

/**
 * Resumable uploads (tus) against the real libvirtd over the real sshd: a 64 MiB upload in
 * chunks whose connection drops mid-chunk, resumed from the offset the server confirms;
 * the bytes on the volume equal the file. Viewers, offset mismatches and cancel too.
 */
let stack: Stack;
let pool: TestPool;
let viewer: Client;

beforeAll(async () => {
  stack = await startStack();
  pool = createTestPool('tus');
  await stack.poolwatch.auth.users.add('tus-viewer', 'tus-viewer-password', 'viewer');
  viewer = await signIn(stack.base, 'tus-viewer', 'tus-viewer-password');
}, 60_000);

afterAll(async () => {
  await stack?.close();
  pool?.destroy();
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const jobOf = (location: string) => decodeURIComponent(location.split('/').at(-1) ?? '');
const paramsOf = (job: Job | null) => ResumableUploadParamsSchema.parse(job?.params);
const offsetOf = async (location: string) => {
  const head = await tusHead(stack.base, stack.admin, location);
  expect(head.status).toBe(200);
  return Number(head.headers['upload-offset']);
};

test('64 MiB in chunks, dropped mid-chunk, resumed from the confirmed offset: same bytes', async () => {
  const name = "-tus 'up'; $(id) ü\u202e.raw";
  const data = randomBytes(64 * MiB);
  const created = await tusCreate(stack.base, stack.admin, data.length, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: name,
    create: '1',
  });
  expect(created.status, created.body).toBe(201);
  const location = String(created.headers.location);
  const id = jobOf(location);
  expect(stack.engine.get(id)?.kind).toBe('volume.upload');

  const first = await tusPatch(stack.base, stack.admin, location, 0, data.subarray(0, 16 * MiB));
  expect(first.status, first.body).toBe(204);
  expect(Number(first.headers['upload-offset'])).toBe(16 * MiB);

  // The rest announced, 16 MiB sent, then the network drops.
  const sent = 32 * MiB;
  await tusPatchThenDrop(
    stack.base,
    stack.admin,
    location,
    16 * MiB,
    data.subarray(16 * MiB),
    16 * MiB,
    async () => (stack.engine.get(id)?.progress.dataProcessed ?? 0) >= 24 * MiB,
  );
  // The job waits for its client: active, its bytes confirmed, never more than were sent.
  await vi.waitFor(
    () => expect(paramsOf(stack.engine.get(id)).uploaded).toBeGreaterThan(16 * MiB),
    {
      timeout: 30_000,
    },
  );
  const offset = await offsetOf(location);
  expect(offset).toBeGreaterThan(16 * MiB);
  expect(offset).toBeLessThanOrEqual(sent);
  expect(stack.engine.get(id)?.state).toBe('running');
  await vi.waitFor(
    () => expect(stack.engine.get(id)?.progress.source).toMatch(/waiting for the client to resume/),
    { timeout: 15_000 },
  );

  // tus: a PATCH at any other offset is a 409 and writes nothing.
  const wrong = await tusPatch(
    stack.base,
    stack.admin,
    location,
    offset + 1,
    data.subarray(offset + 1),
  );
  expect(wrong.status).toBe(409);
  expect(await offsetOf(location)).toBe(offset);

  const rest = await tusPatch(stack.base, stack.admin, location, offset, data.subarray(offset));
  expect(rest.status, rest.body).toBe(204);
  expect(Number(rest.headers['upload-offset'])).toBe(data.length);
  const job = stack.engine.get(id);
  expect(job?.state).toBe('succeeded');
  expect(paramsOf(job)).toMatchObject({ uploaded: data.length, resumedFrom: offset, resumes: 1 });
  expect(sha(readFileSync(join(pool.dir, name)))).toBe(sha(data));
}, 180_000);

test('a viewer is refused (403) before any byte is written; the upload goes on', async () => {
  const name = 'tus viewer.raw';
  const data = randomBytes(2 * MiB);
  const asViewer = await tusCreate(stack.base, viewer, data.length, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: name,
    create: '1',
  });
  expect(asViewer.status).toBe(403);
  expect(existsSync(join(pool.dir, name))).toBe(false);
  const created = await tusCreate(stack.base, stack.admin, data.length, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: name,
    create: '1',
  });
  const location = String(created.headers.location);
  const patch = await tusPatch(stack.base, viewer, location, 0, data);
  expect(patch.status).toBe(403);
  expect((await tusHead(stack.base, viewer, location)).status).toBe(403);
  expect(await offsetOf(location)).toBe(0);
  const done = await tusPatch(stack.base, stack.admin, location, 0, data);
  expect(done.status, done.body).toBe(204);
  expect(sha(readFileSync(join(pool.dir, name)))).toBe(sha(data));
}, 60_000);

test('DELETE (tus termination) cancels the job and removes the volume it created', async () => {
  const name = 'tus cancelled.raw';
  const data = randomBytes(8 * MiB);
  const created = await tusCreate(stack.base, stack.admin, data.length, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: name,
    create: '1',
  });
  const location = String(created.headers.location);
  const id = jobOf(location);
  expect((await tusPatch(stack.base, stack.admin, location, 0, data.subarray(0, MiB))).status).toBe(
    204,
  );
  expect(existsSync(join(pool.dir, name))).toBe(true);
  const deleted = await tusDelete(stack.base, stack.admin, location);
  expect(deleted.status, deleted.body).toBe(204);
  await vi.waitFor(() => expect(stack.engine.get(id)?.state).toBe('cancelled'), {
    timeout: 30_000,
  });
  expect(stack.engine.get(id)?.cancelledBy).toBe('admin');
  expect(existsSync(join(pool.dir, name))).toBe(false);
  expect((await tusHead(stack.base, stack.admin, location)).status).toBe(410);
}, 60_000);

test('a name with a newline (one-shot virsh, never a shell) uploads too', async () => {
  const name = 'tus new\nline $x.raw';
  const data = randomBytes(MiB);
  const created = await tusCreate(stack.base, stack.admin, data.length, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: name,
    create: '1',
  });
  expect(created.status, created.body).toBe(201);
  const location = String(created.headers.location);
  expect((await tusPatch(stack.base, stack.admin, location, 0, data)).status).toBe(204);
  expect(sha(readFileSync(join(pool.dir, name)))).toBe(sha(data));
}, 60_000);

test('bad metadata and an unknown upload get clear 4xx answers', async () => {
  const noPool = await tusCreate(stack.base, stack.admin, 10, {
    hostId: sandboxHost.id,
    volume: 'x.raw',
  });
  expect(noPool.status).toBe(400);
  expect(JSON.parse(noPool.body)).toMatchObject({ error: { id: 'bad_request' } });
  const empty = await tusCreate(stack.base, stack.admin, 10, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: '',
    create: '1',
  });
  expect(empty.status).toBe(400);
  const noLength = await tusCreate(stack.base, stack.admin, 0, {
    hostId: sandboxHost.id,
    pool: pool.name,
    volume: 'zero.raw',
    create: '1',
  });
  expect(noLength.status).toBe(400);
  expect((await tusHead(stack.base, stack.admin, '/api/uploads/no-such-upload')).status).toBe(404);
});
