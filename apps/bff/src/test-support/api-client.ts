import { randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { isActiveJobState, type Job, type JobProgressEvent } from '@poolwatch/shared';
import type { Stack } from './stack.js';

/**
 * The BFF's HTTP API as the storage-job integration tests use it: every request carries the
 * stack's admin cookie and CSRF token. Slow clients (an upload that stalls, a download that
 * stops reading) are built on node:http to control the bytes on the wire.
 */
export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** The admin's cookie and CSRF token, plus `extra` (a content-type for a body). */
const headersOf = (stack: Stack, extra: Record<string, string> = {}): Record<string, string> => ({
  cookie: stack.admin.cookie,
  'x-csrf-token': stack.admin.csrf,
  ...extra,
});

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export async function api<T = unknown>(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  const res = await fetch(stack.base + path, {
    method,
    headers: headersOf(stack, body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/** Submits a job: asserts 202 (with the answer in the message when not) and returns it. */
export async function submit(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
): Promise<Job> {
  const reply = await api<Job>(stack, method, path, body);
  if (reply.status !== 202) {
    throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

/** Waits for the job to end (engine event), then reads it back over HTTP. */
export async function waitJob(stack: Stack, id: string, timeoutMs = 60_000): Promise<Job> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`job ${id} did not end within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([stack.storage.waitForEnd(id), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const reply = await api<Job>(stack, 'GET', `/api/jobs/${encodeURIComponent(id)}`);
  if (reply.status !== 200 || isActiveJobState(reply.body.state)) {
    throw new Error(`GET job ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

/** Submits and waits; throws with the job's error when it did not succeed. */
export async function runJob(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
): Promise<Job> {
  const job = await waitJob(stack, (await submit(stack, method, path, body)).id);
  if (job.state !== 'succeeded')
    throw new Error(`${method} ${path}: job ${job.state}: ${JSON.stringify(job.error)}`);
  return job;
}

export async function jobIds(stack: Stack): Promise<string[]> {
  const reply = await api<Job[]>(stack, 'GET', '/api/jobs?limit=1000');
  return reply.body.map((j) => j.id).sort();
}

/** Resolves with the first progress event of `id` that satisfies `test` (or rejects when the job ends first). */
export function progressWhen(
  stack: Stack,
  id: string,
  test: (event: JobProgressEvent) => boolean,
  timeoutMs = 60_000,
): Promise<JobProgressEvent> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      stack.engine.off('progress', onProgress);
      stack.engine.off('updated', onUpdated);
    };
    const onProgress = (event: JobProgressEvent) => {
      if (event.id !== id || !test(event)) return;
      done();
      resolve(event);
    };
    const onUpdated = (job: Job) => {
      if (job.id !== id || isActiveJobState(job.state)) return;
      done();
      const p = job.progress;
      reject(
        new Error(
          `job ended ${job.state} (${p.dataProcessed}/${p.dataTotal} bytes) before the awaited progress`,
        ),
      );
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no awaited progress of job ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    stack.engine.on('progress', onProgress);
    stack.engine.on('updated', onUpdated);
  });
}

export const fraction = (p: { dataProcessed: number | null; dataTotal: number | null }) =>
  p.dataProcessed === null || !p.dataTotal ? 0 : p.dataProcessed / p.dataTotal;

/**
 * PUT .../content?create=1 with a body that writes `sendBytes` of `length` quickly, then
 * holds the connection open (a slow client). The reply comes when the job ends.
 */
export function slowUpload(stack: Stack, path: string, length: number, sendBytes: number) {
  const url = new URL(stack.base + path);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const req = request(url, {
    method: 'PUT',
    headers: headersOf(stack, {
      'content-type': 'application/octet-stream',
      'content-length': String(length),
    }),
  });
  req.on('error', () => undefined); // the server closes after answering a cancelled upload
  const reply = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      readAll(res).then(
        (data) =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(data.toString()) as unknown }),
        reject,
      );
    });
    req.on('close', () =>
      setTimeout(() => reject(new Error('upload closed without an answer')), 2000).unref(),
    );
  });
  reply.catch(() => undefined); // awaited by the test when it matters; never unhandled
  void (async () => {
    const chunk = randomBytes(MiB);
    let sent = 0;
    while (sent < sendBytes && !req.destroyed) {
      const n = Math.min(chunk.length, sendBytes - sent);
      if (!req.write(chunk.subarray(0, n))) await new Promise((r) => req.once('drain', r));
      sent += n;
    }
    // Hold the connection open (send nothing more) until the test lets go.
    await held;
  })();
  return {
    reply,
    stop() {
      release();
      req.destroy();
    },
  };
}

/** GET .../content that stops reading once `pauseAt` bytes arrived (a slow client). */
export function slowDownload(stack: Stack, path: string, pauseAt: number) {
  let received = 0;
  let response: IncomingMessage | null = null;
  const req = request(new URL(stack.base + path), { headers: headersOf(stack) });
  req.on('error', () => undefined);
  const status = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      response = res;
      res.on('error', () => undefined);
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= pauseAt) res.pause();
      });
      resolve(res.statusCode ?? 0);
    });
  });
  req.end();
  return {
    status,
    get received() {
      return received;
    },
    stop() {
      response?.destroy();
      req.destroy();
    },
  };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function putContent(stack: Stack, path: string, data: Buffer): Promise<Reply<Job>> {
  const res = await fetch(stack.base + path, {
    method: 'PUT',
    headers: headersOf(stack, { 'content-type': 'application/octet-stream' }),
    body: data,
  });
  return { status: res.status, body: (await res.json()) as Job };
}

export async function getContent(
  stack: Stack,
  path: string,
): Promise<{ status: number; data: Buffer }> {
  const res = await fetch(stack.base + path, { headers: headersOf(stack) });
  return { status: res.status, data: Buffer.from(await res.arrayBuffer()) };
}
