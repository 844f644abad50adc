/**
 * The two sides of a 1 GiB transfer: the BFF's content route over HTTP, and raw
 * `virsh vol-upload` / `vol-download` over the same qemu+ssh URI. Every helper returns the
 * wall time from the first byte sent (or spawn) to the last byte received (or exit).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { run } from './proc.js';

/** Client-side reads in 1 MiB chunks: the bench client must not be what limits the rate. */
const CHUNK = 1 << 20;

/** `file` read `times` times back to back, as one stream. */
export function fileStream(file: string, times = 1): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < times; i++) {
        for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }))
          yield chunk as Buffer;
      }
    })(),
    { objectMode: false },
  );
}

export interface HttpResult {
  status: number;
  body: string;
  bytes: number;
  ms: number;
}

/**
 * PUT with Content-Length, the body streamed; the BFF answers once the job has ended. A
 * failed upload is answered early with `Connection: close` and the socket torn down while
 * the body is still being sent: whatever answer arrived is returned, not a socket error.
 */
export function httpPut(
  url: string,
  path: string,
  body: Readable,
  length: number,
  headers: Record<string, string>,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(`${url}${path}`, {
      method: 'PUT',
      agent: false,
      headers: {
        ...headers,
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(length),
      },
    });
    let status = 0;
    const chunks: Buffer[] = [];
    const done = () => {
      body.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status, body: text, bytes: length, ms: performance.now() - t0 });
    };
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', done);
      res.on('end', done);
    });
    req.on('error', (e) => (status === 0 ? reject(e) : done()));
    body.on('error', (e) => req.destroy(e));
    body.pipe(req);
  });
}

/** GET whose body is counted and dropped; a connection torn down mid-body ends it short. */
export function httpDrain(
  url: string,
  path: string,
  headers: Record<string, string>,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(`${url}${path}`, { agent: false, headers }, (res) => {
      let bytes = 0;
      let head = '';
      const done = (e?: Error) =>
        resolve({
          status: res.statusCode ?? 0,
          body: e ? `${head}(connection ended: ${e.message})` : head,
          bytes,
          ms: performance.now() - t0,
        });
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (res.statusCode !== 200 && head.length < 2000) head += c.toString('utf8');
      });
      res.on('error', done);
      res.on('end', () => done());
    });
    req.on('error', reject);
  });
}

function virshChild(
  uri: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  fifo: string | null,
): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('virsh', ['-c', uri, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let bytes = 0;
    let pending = fifo === null ? 1 : 2;
    let exitCode: number | null = null;
    const settle = () => {
      if (--pending > 0) return;
      const ms = performance.now() - t0;
      if (exitCode === 0 && stderr.trim() === '') resolve({ ms, bytes });
      else reject(new Error(`virsh ${args.join(' ')} exited ${exitCode}: ${stderr.trim()}`));
    };
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      exitCode = code;
      // A virsh that failed before opening the FIFO leaves our reader blocked in open():
      // opening the write end once gives it EOF.
      if (code !== 0 && fifo !== null)
        fs.open(
          fifo,
          fs.constants.O_WRONLY | fs.constants.O_NONBLOCK,
          (e, fd) => !e && fs.close(fd, () => undefined),
        );
      settle();
    });
    if (fifo !== null) {
      // Read by node like the BFF's data pipe. The open blocks until virsh opens its end.
      const data = fs.createReadStream(fifo, { highWaterMark: CHUNK });
      data.on('data', (b: Buffer | string) => (bytes += b.length));
      data.on('error', reject);
      data.on('end', settle);
    }
  });
}

/** `virsh vol-upload` reads the file itself (what an admin would type). */
export const rawUpload = (
  uri: string,
  env: NodeJS.ProcessEnv,
  pool: string,
  vol: string,
  file: string,
) => virshChild(uri, ['vol-upload', '--pool', pool, '--', vol, file], env, null);

/**
 * `vol-download` into a real pipe (a FIFO) read by node. Not /dev/stdout (virsh appends a
 * newline) and not node's own stdio pipe at fd 3: libuv makes those socketpairs, and
 * open("/dev/fd/3") on a socket fails with ENXIO ("cannot create /dev/fd/3").
 */
export async function rawDownload(
  uri: string,
  env: NodeJS.ProcessEnv,
  pool: string,
  vol: string,
  fifo: string,
): Promise<{ ms: number; bytes: number }> {
  await fs.promises.rm(fifo, { force: true });
  await run('mkfifo', ['-m', '600', fifo]);
  try {
    return await virshChild(uri, ['vol-download', '--pool', pool, '--', vol, fifo], env, fifo);
  } finally {
    await fs.promises.rm(fifo, { force: true });
  }
}
