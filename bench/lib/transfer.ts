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
      // Read by `wc -c`, a native client like curl -o /dev/null on the BFF side: node reading
      // a FIFO (64 KiB per read, through the thread pool) cost 8–14 CPU s per GiB, more than
      // virsh itself, and made raw vol-download look slower than it is.
      const reader = spawn('wc', ['-c', '--', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
      let counted = '';
      reader.stdout.on('data', (b: Buffer) => (counted += b.toString('utf8')));
      reader.on('error', reject);
      reader.on('close', (code) => {
        if (code === 0) bytes = Number(counted.trim().split(/\s+/)[0]);
        settle();
      });
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
 * `vol-download` into a real pipe (a FIFO) read by `wc -c`. Not /dev/stdout (virsh appends a
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

/**
 * curl as the client (what the issue measures against): `-T FILE` streams a PUT with
 * Content-Length; a GET writes to /dev/null. Headers (the session cookie) go in a config on
 * stdin, not in argv, so no secret shows in `ps`. Resolves with curl's own figures.
 */
function curl(
  args: string[],
  headers: Record<string, string>,
): Promise<HttpResult & { pid: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      'curl',
      ['-sS', '--config', '-', '-w', '\n%{http_code} %{size_download}', ...args],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const text = Buffer.concat(out).toString('utf8');
      const cut = text.lastIndexOf('\n');
      const [status, size] = text.slice(cut + 1).split(' ');
      if (code !== 0 && Number(status) === 0) {
        reject(new Error(`curl exited ${code}: ${stderr.trim()}`));
        return;
      }
      resolve({
        status: Number(status),
        body: text.slice(0, Math.max(0, cut)),
        bytes: Number(size),
        ms,
        pid: child.pid ?? 0,
      });
    });
    const config = Object.entries(headers)
      .map(([k, v]) => `header = "${k}: ${v.replace(/["\\]/g, '\\$&')}"\n`)
      .join('');
    child.stdin.end(config);
  });
}

export const curlPut = (url: string, path: string, file: string, headers: Record<string, string>) =>
  curl(
    ['-T', file, '-H', 'Content-Type: application/octet-stream', '-H', 'Expect:', `${url}${path}`],
    headers,
  );

/** The body is written to /dev/null; `bytes` is what curl received. */
export const curlGet = (url: string, path: string, headers: Record<string, string>) =>
  curl(['-o', '/dev/null', `${url}${path}`], headers);
