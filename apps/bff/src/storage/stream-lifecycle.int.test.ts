import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type AuditEntry, type Job } from '@poolwatch/shared';
import {
  api,
  GiB,
  MiB,
  slowDownload,
  slowUpload,
  startStack,
  volListed,
  workersFor,
  writeRandomFile,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Honest job lifecycle at the HTTP edge, on the real host: a client that goes away at any
 * moment ends its job (`cancelled`, slot, locks and virsh freed, a created volume deleted)
 * within 5 s; a download whose client hangs up at the last byte is `succeeded` and audited;
 * a stalled stream fails after POOLWATCH_STREAM_IDLE_MS. Clients are raw sockets, so the
 * moment they go away is exact (right after the request headers, after the response
 * headers, after the last byte).
 */
const H = 'sandbox';
const DOWN = 'lifecycle download.raw'; // 64 MiB of random bytes
const BIG = 'lifecycle big.raw'; // 1 GiB: a download that is still moving when its client goes

/** Sends the request head (and `body` bytes), returns the socket. */
function rawRequest(stack: Stack, method: string, path: string, headers: Record<string, string>) {
  const url = new URL(stack.base + path);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  const head = [
    `${method} ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    `Cookie: ${stack.admin.cookie}`,
    `X-CSRF-Token: ${stack.admin.csrf}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  return socket;
}

/** Reads a response head, then `bodyBytes` of body, then destroys the socket at once. */
function readThenClose(
  socket: Socket,
  bodyBytes: number,
): Promise<{ status: number; got: number }> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let status = 0;
    let got = 0;
    socket.on('data', (chunk: Buffer) => {
      if (status === 0) {
        buffer = Buffer.concat([buffer, chunk]);
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(buffer.subarray(9, 12).toString());
        got = buffer.length - end - 4;
      } else {
        got += chunk.length;
      }
      if (got >= bodyBytes) {
        socket.destroy();
        resolve({ status, got });
      }
    });
    socket.on('close', () => resolve({ status, got }));
    socket.on('error', reject);
  });
}

async function jobOf(stack: Stack, kind: Job['kind'], volume: string): Promise<Job | undefined> {
  const jobs = await api<Job[]>(stack, 'GET', '/api/jobs?limit=200');
  return jobs.body.find((j) => j.kind === kind && j.target.volume === volume);
}

/** Within 5 s: no active job, the job of this volume cancelled by the client going away. */
async function expectZombieFreed(stack: Stack, kind: Job['kind'], volume: string) {
  await expect
    .poll(async () => (await api<Job[]>(stack, 'GET', '/api/jobs?state=active')).body.length, {
      timeout: 5000,
      interval: 100,
    })
    .toBe(0);
  const job = await jobOf(stack, kind, volume);
  if (job) {
    expect(job.state).toBe('cancelled');
    expect(job.error?.id).toBe('client_gone');
    expect(job.cancelledBy).toBeNull();
  }
  expect(workersFor([volume])).toEqual([]);
  return job;
}

describe('clients that go away, and streams that stall', () => {
  let stack: Stack;
  let pool: TestPool;

  beforeAll(async () => {
    pool = createTestPool('lifecycle');
    await writeRandomFile(join(pool.dir, DOWN), 64 * MiB);
    await writeRandomFile(join(pool.dir, BIG), GiB);
    virsh('pool-refresh', '--', pool.name);
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
  });

  test('an upload whose client closes right after the headers: cancelled, volume gone, within 5 s', async () => {
    const name = 'zombie upload.raw';
    const socket = rawRequest(
      stack,
      'PUT',
      `${apiPaths.volumeContent(H, pool.name, name)}?create=1`,
      {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(64 * MiB),
      },
    );
    // Gone before the job exists: the head is on the wire, the builder still asks the host.
    await new Promise((r) => socket.write('', r));
    socket.end(); // a FIN, not a reset: the server reads the head, then sees the client gone
    await expect.poll(() => jobOf(stack, 'volume.upload', name), { timeout: 30_000 }).toBeDefined();
    const job = await expectZombieFreed(stack, 'volume.upload', name);
    expect(job?.state).toBe('cancelled');
    expect(volListed(pool, name)).toBe(false);
  });

  test('an upload whose client goes away mid-stream: cancelled, volume gone, within 5 s', async () => {
    const name = 'zombie mid upload.raw';
    const upload = slowUpload(
      stack,
      `${apiPaths.volumeContent(H, pool.name, name)}?create=1`,
      64 * MiB,
      8 * MiB,
    );
    await expect
      .poll(async () => (await jobOf(stack, 'volume.upload', name))?.progress.dataProcessed ?? 0, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    upload.stop();
    const job = await expectZombieFreed(stack, 'volume.upload', name);
    expect(job?.state).toBe('cancelled');
    expect(volListed(pool, name)).toBe(false);
  });

  test('a download whose client closes before any byte: cancelled within 5 s', async () => {
    const before = (await jobOf(stack, 'volume.download', BIG))?.id;
    const socket = rawRequest(stack, 'GET', apiPaths.volumeContent(H, pool.name, BIG), {});
    await new Promise((r) => socket.write('', r));
    socket.destroy();
    await expect
      .poll(async () => (await jobOf(stack, 'volume.download', BIG))?.id)
      .not.toBe(before);
    const job = await expectZombieFreed(stack, 'volume.download', BIG);
    expect(job?.state).toBe('cancelled');
  });

  test('a download whose client closes after the response headers: cancelled within 5 s', async () => {
    const socket = rawRequest(stack, 'GET', apiPaths.volumeContent(H, pool.name, BIG), {});
    const { status } = await readThenClose(socket, 0);
    expect(status).toBe(200);
    await expectZombieFreed(stack, 'volume.download', BIG);
  });

  test('a download whose client closes at the last byte is succeeded and audited', async () => {
    const socket = rawRequest(stack, 'GET', apiPaths.volumeContent(H, pool.name, DOWN), {});
    const { status, got } = await readThenClose(socket, 64 * MiB);
    expect(status).toBe(200);
    expect(got).toBe(64 * MiB);
    let job: Job | undefined;
    await expect
      .poll(async () => (job = await jobOf(stack, 'volume.download', DOWN))?.state, {
        timeout: 15_000,
      })
      .toBe('succeeded');
    let entry: AuditEntry | undefined;
    await expect
      .poll(
        async () => {
          const audit = await api<{ entries: AuditEntry[] }>(stack, 'GET', '/api/audit?limit=100');
          entry = audit.body.entries.find((e) => e.params?.jobId === job!.id);
          return entry?.outcome;
        },
        { timeout: 10_000 },
      )
      .toBe('ok');
    expect(entry).toMatchObject({ action: 'volume.download', actor: 'admin' });
  });

  /** The stall tests run with POOLWATCH_STREAM_IDLE_MS lowered to 1.5 s (default 60 s). */
  function lowIdle() {
    const host = stack.storage.host(H);
    const before = host.streamIdleMs;
    host.streamIdleMs = 1500;
    return () => (host.streamIdleMs = before);
  }

  test('an upload with no byte moving for POOLWATCH_STREAM_IDLE_MS fails, and its volume is gone', async () => {
    const name = 'stalled upload.raw';
    const restore = lowIdle();
    const upload = slowUpload(
      stack,
      `${apiPaths.volumeContent(H, pool.name, name)}?create=1`,
      64 * MiB,
      MiB,
    );
    try {
      const reply = await upload.reply;
      expect(reply.status).toBe(504);
      const job = (reply.body as { job: Job }).job;
      expect(job.state).toBe('failed');
      expect(job.error?.id).toBe('stream_idle');
    } finally {
      upload.stop();
      restore();
    }
    expect(volListed(pool, name)).toBe(false);
    expect(workersFor([name])).toEqual([]);
  });

  test('a download whose client stops reading fails after POOLWATCH_STREAM_IDLE_MS', async () => {
    const restore = lowIdle();
    const download = slowDownload(stack, apiPaths.volumeContent(H, pool.name, BIG), MiB);
    try {
      expect(await download.status).toBe(200);
      await expect
        .poll(async () => (await jobOf(stack, 'volume.download', BIG))?.state, { timeout: 30_000 })
        .toBe('failed');
      expect((await jobOf(stack, 'volume.download', BIG))?.error?.id).toBe('stream_idle');
    } finally {
      download.stop();
      restore();
    }
    expect(workersFor([BIG])).toEqual([]);
  });

  test('a user cancel says who: cancelledBy, not a failure', async () => {
    const download = slowDownload(stack, apiPaths.volumeContent(H, pool.name, BIG), 4 * MiB);
    try {
      let job: Job | undefined;
      await expect
        .poll(async () => (job = await jobOf(stack, 'volume.download', BIG))?.state === 'running', {
          timeout: 30_000,
        })
        .toBe(true);
      expect((await api(stack, 'POST', apiPaths.jobCancel(job!.id))).status).toBe(202);
      await expect
        .poll(async () => (await api<Job>(stack, 'GET', apiPaths.job(job!.id))).body.state, {
          timeout: 10_000,
        })
        .toBe('cancelled');
      const final = (await api<Job>(stack, 'GET', apiPaths.job(job!.id))).body;
      expect(final.cancelledBy).toBe('admin');
      expect(final.error).toBeNull();
    } finally {
      download.stop();
    }
  });
});
