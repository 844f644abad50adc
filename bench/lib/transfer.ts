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

/** PUT with Content-Length, the body streamed; the BFF answers once the job has ended. */
export function httpPut(
  url: string,
  path: string,
  body: Readable,
  length: number,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(`${url}${path}`, {
      method: 'PUT',
      agent: false,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text, bytes: length, ms: performance.now() - t0 });
      });
    });
    req.on('error', reject);
    body.on('error', (e) => req.destroy(e));
    body.pipe(req);
  });
}

/** GET whose body is counted and dropped (a browser saving a file does not parse it). */
export function httpDrain(url: string, path: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(`${url}${path}`, { agent: false }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (res.statusCode !== 200 && head.length < 2000) head += c.toString('utf8');
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: head, bytes, ms: performance.now() - t0 }),
      );
    });
    req.on('error', reject);
  });
}

function virshChild(
  uri: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  dataOut: boolean,
): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const stdio: ('ignore' | 'pipe')[] = ['ignore', 'ignore', 'pipe'];
    if (dataOut) stdio.push('pipe');
    const child = spawn('virsh', ['-c', uri, ...args], { env, stdio });
    let stderr = '';
    let bytes = 0;
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    // Same consumer as the BFF's download: bytes read from virsh's fd 3 pipe by node.
    child.stdio[3]?.on('data', (b: Buffer) => (bytes += b.length));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code === 0 && stderr.trim() === '') resolve({ ms, bytes });
      else reject(new Error(`virsh ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

/** `virsh vol-upload` reads the file itself (what an admin would type). */
export const rawUpload = (uri: string, env: NodeJS.ProcessEnv, pool: string, vol: string, file: string) =>
  virshChild(uri, ['vol-upload', '--pool', pool, '--', vol, file], env, false);

/** fd 3, not stdout: vol-download to /dev/stdout appends a newline (field notes). */
export const rawDownload = (uri: string, env: NodeJS.ProcessEnv, pool: string, vol: string) =>
  virshChild(uri, ['vol-download', '--pool', pool, '--', vol, '/dev/fd/3'], env, true);
