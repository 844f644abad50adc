import { execFile } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { isActiveJobState, type Job, type JobProgressEvent } from '@poolwatch/shared';
import { openAuthDb } from '../auth/auth-db.js';
import { AuthService } from '../auth/auth-service.js';
import type { Config } from '../config.js';
import { createApp } from '../http/app.js';
import { createHttpServer } from '../http/http-server.js';
import { InventoryService } from '../inventory/inventory-service.js';
import { JobEngine, JobStore } from '../jobs/index.js';
import { StorageService } from '../storage/storage-service.js';
import { signIn, type Client } from './auth-harness.js';
import { sandboxHost, testDataDir, virsh, type TestPool } from './sandbox.js';

/**
 * The real BFF stack in-process for storage-job integration tests: inventory over the
 * sandbox sshd, job engine on a temp SQLite file, storage service, and the Express app on
 * an ephemeral loopback port (tests go through HTTP). Built as main.ts builds it: auth on
 * (in-memory user table), the inventory reads with `virsh -r` and jobs write through the
 * read-write connection; the tests sign in as admin and send the session cookie and the
 * X-CSRF-Token on every request. Ground-truth helpers read the host directly: /proc, stat,
 * local `virsh -c qemu:///system`.
 */
const run = promisify(execFile);

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export interface Recorded {
  progress: { event: JobProgressEvent; at: number }[];
  updated: { job: Job; at: number }[];
}

export interface Stack {
  base: string;
  engine: JobEngine;
  storage: StorageService;
  inventory: InventoryService;
  /** The signed-in admin's session cookie and CSRF token. */
  admin: Client;
  /** Every engine event since start, with the local receive time. */
  events: Recorded;
  close(): Promise<void>;
}

const ADMIN_PASSWORD = 'jobs-int-admin-password';

/** The admin's cookie and CSRF token, plus `extra` (a content-type for a body). */
const headersOf = (stack: Stack, extra: Record<string, string> = {}): Record<string, string> => ({
  cookie: stack.admin.cookie,
  'x-csrf-token': stack.admin.csrf,
  ...extra,
});

export async function startStack(options: { streamIdleMs?: number } = {}): Promise<Stack> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const dbDir = mkdtempSync(join(tmpdir(), 'pw-jobs-int-'));
  const config: Config = {
    port: 0,
    bind: '127.0.0.1',
    dataDir: testDataDir,
    hosts: [sandboxHost],
    pollIntervalMs: 1000,
    commandTimeoutMs: 30_000,
    webDist: join(dbDir, 'no-web'),
    jobsPerHost: 2,
    trustProxy: false,
    adminPassword: ADMIN_PASSWORD,
  };
  const inventory = new InventoryService(config, log);
  const store = new JobStore(join(dbDir, 'jobs.sqlite'), log);
  const engine = new JobEngine({ store, logger: log, maxBytesMovingPerHost: 2 });
  const storage = new StorageService(inventory, engine, testDataDir, log, options);
  const events: Recorded = { progress: [], updated: [] };
  engine.on('progress', (event) => events.progress.push({ event, at: Date.now() }));
  engine.on('updated', (job) => events.updated.push({ job, at: Date.now() }));
  const auth = new AuthService({
    db: openAuthDb(join(dbDir, 'auth.sqlite')),
    logger: log,
    // Cheap hashes: these tests are about storage jobs, auth.test.ts checks OWASP cost.
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
  });
  await auth.bootstrap(config.adminPassword);
  const server = createHttpServer(
    createApp({
      inventory,
      storage,
      jobs: engine,
      logger: log,
      webDist: config.webDist,
      auth,
      build: 'jobs-int',
      trustProxy: config.trustProxy,
    }),
  );
  inventory.start();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const admin = await signIn(base, 'admin', ADMIN_PASSWORD);
  await until(
    () => inventory.host(sandboxHost.id).view.state === 'connected',
    20_000,
    'sandbox connected',
  );
  return {
    base,
    engine,
    storage,
    inventory,
    admin,
    events,
    async close() {
      engine.shutdown();
      inventory.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
      auth.close();
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

// ---- HTTP ---------------------------------------------------------------------------------

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
  let held = true;
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
    while (held && !req.destroyed) await sleep(50);
  })();
  return {
    reply,
    stop() {
      held = false;
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

// ---- ground truth on the host ---------------------------------------------------------------

export interface Holder {
  pid: number;
  comm: string;
  detail: string;
}

const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));
const comm = (pid: string) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

/** Processes with an fd open on one of `paths` (deleted files count: they still hold it). */
export function openersOf(paths: readonly string[]): Holder[] {
  const wanted = new Set(paths.flatMap((p) => [p, `${p} (deleted)`]));
  const found: Holder[] = [];
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or a kernel thread
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (wanted.has(link))
          found.push({ pid: Number(pid), comm: comm(pid), detail: `fd ${fd} -> ${link}` });
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}

const WORKERS = new Set([
  'dd',
  'qemu-img',
  'scrub',
  'virsh',
  'libvirt_iohelpe' /* comm is cut at 15 chars */,
]);

const STREAMS = new Set(['vol-upload', 'vol-download']);

/** dd/qemu-img/scrub/streaming virsh (and libvirt's iohelper) processes with one of `needles` in an argv entry. */
export function workersFor(needles: readonly string[]): Holder[] {
  const found: Holder[] = [];
  for (const pid of pids()) {
    try {
      const name = comm(pid);
      if (!WORKERS.has(name)) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // A virsh client moves bytes only when it carries a stream; one waiting for the
      // daemon's answer to vol-create-from or vol-wipe does no I/O (libvirt's qemu-img or
      // scrub child does, and is counted itself).
      if (name === 'virsh' && !argv.some((a) => STREAMS.has(a))) continue;
      if (argv.some((arg) => needles.some((n) => arg.includes(n)))) {
        found.push({ pid: Number(pid), comm: name, detail: JSON.stringify(argv.filter(Boolean)) });
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export interface Quiet {
  /** ms from the call until nothing held the paths, or null when that did not happen in time. */
  latencyMs: number | null;
  holders: Holder[];
  workers: Holder[];
}

/** Polls /proc until no process holds `paths` and no worker mentions `needles`, up to `limitMs`. */
export async function untilQuiet(
  paths: readonly string[],
  needles: readonly string[],
  limitMs = 1000,
  since = Date.now(),
): Promise<Quiet> {
  for (;;) {
    const holders = openersOf(paths);
    const workers = workersFor(needles);
    const elapsed = Date.now() - since;
    if (holders.length === 0 && workers.length === 0)
      return { latencyMs: elapsed, holders, workers };
    if (elapsed > limitMs) return { latencyMs: null, holders, workers };
    await sleep(10);
  }
}

/** Bytes the file system allocated to a file (st_blocks is in 512-byte units on Linux); 0 when absent. */
export function allocatedBytes(path: string): number {
  try {
    return statSync(path).blocks * 512;
  } catch {
    return 0;
  }
}

export interface Sample {
  at: number;
  bytes: number;
}

/** Samples a file's allocated bytes every `everyMs` with Date.now() timestamps. */
export function sampleAllocation(path: string, everyMs = 50) {
  const samples: Sample[] = [];
  const take = () => samples.push({ at: Date.now(), bytes: allocatedBytes(path) });
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
    },
  };
}

/** The ground truth linearly interpolated at `at`; null outside the sampled span. */
export function interpolate(samples: readonly Sample[], at: number): number | null {
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (at < a.at || at > b.at) continue;
    if (b.at === a.at) return b.bytes;
    return a.bytes + ((b.bytes - a.bytes) * (at - a.at)) / (b.at - a.at);
  }
  return null;
}

export async function sha256(path: string): Promise<string> {
  const { stdout } = await run('sha256sum', ['--', path]);
  return stdout.split(' ')[0]!;
}

/** Writes `size` bytes of AES-CTR keystream (incompressible, no zero blocks) to `path`. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
  const zeros = Buffer.alloc(8 * MiB);
  const file = await open(path, 'w');
  try {
    for (let done = 0; done < size;) {
      const n = Math.min(zeros.length, size - done);
      await file.write(cipher.update(zeros.subarray(0, n)));
      done += n;
    }
  } finally {
    await file.close();
  }
}

export async function sh(program: string, ...args: string[]): Promise<string> {
  return (await run(program, args, { maxBuffer: 16 * MiB })).stdout;
}

/** vol-list escapes control characters as \xNN (field notes). */
const vollistEscape = (name: string) =>
  [...name]
    .map((c) =>
      c.charCodeAt(0) < 0x20 || c === '\x7f'
        ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
        : c,
    )
    .join('');

/** Does `virsh vol-list` (local, same daemon) list this volume? Matched on the path column. */
export function volListed(pool: TestPool, name: string): boolean {
  const path = vollistEscape(join(pool.dir, name));
  return virsh('vol-list', '--pool', pool.name)
    .split('\n')
    .some((line) => line.trimEnd().endsWith(` ${path}`));
}

export function onDisk(pool: TestPool, name: string): boolean {
  return existsSync(join(pool.dir, name));
}

/** name -> size+mtime of every file in the pool directory. */
export function dirSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const st = statSync(join(dir, name));
    out[name] = `${st.size} ${st.mtimeMs} ${st.ino}`;
  }
  return out;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}
