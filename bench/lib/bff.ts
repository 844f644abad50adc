/**
 * Starts and stops the built BFF, signs in as its first admin like any client, and times
 * GETs against it over one keep-alive connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ADMIN_USER, BFF_DATA, BFF_HOSTS, BFF_MAIN, HOST_ID } from './env.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Timed {
  status: number;
  body: Buffer;
  ms: number;
}

/**
 * The first admin's password for every BFF this bench process starts (fresh data dirs):
 * POOLWATCH_ADMIN_PASSWORD when the caller set one (latency.bench.ts does), else made here,
 * never printed, gone with the process.
 */
const GENERATED_PASSWORD = randomBytes(18).toString('base64url');
const adminPassword = () => process.env.POOLWATCH_ADMIN_PASSWORD ?? GENERATED_PASSWORD;

/** A signed-in session: the cookie for every request, the CSRF token for mutations. */
export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Wall time from sending the request to the last byte of the body. */
export function get(
  agent: http.Agent,
  port: number,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          ms: performance.now() - t0,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

export class Bff {
  private child: ChildProcess | null = null;
  private log = '';
  /** One keep-alive connection per BFF instance, like a browser tab. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  libvirtVersion: string | null = null;
  /** Set by signIn(); every request after it carries the cookie. */
  session: Session | null = null;
  readonly spawnedAt = performance.now();

  private constructor(readonly port: number) {}

  /**
   * `dataDir`: the BFF's POOLWATCH_DATA (each bench keeps its own). Its auth.sqlite is
   * removed first, so the BFF creates `admin` with this process's password.
   */
  static async start(
    dataDir: string = BFF_DATA,
    /** Another build (main's, for a before/after) and other hosts (many ids, one sandbox). */
    { main = BFF_MAIN, hosts = BFF_HOSTS }: { main?: string; hosts?: unknown[] } = {},
  ): Promise<Bff> {
    for (const f of ['auth.sqlite', 'auth.sqlite-wal', 'auth.sqlite-shm'])
      await rm(join(dataDir, f), { force: true });
    const bff = new Bff(await freePort());
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: String(bff.port),
        POOLWATCH_BIND: '127.0.0.1',
        POOLWATCH_DATA: dataDir,
        POOLWATCH_HOSTS: JSON.stringify(hosts),
        POOLWATCH_ADMIN_PASSWORD: adminPassword(),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => (bff.log = (bff.log + b.toString('utf8')).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    bff.child = child;
    return bff;
  }

  private alive(): void {
    const c = this.child;
    if (!c) throw new Error('the BFF was stopped');
    if (c.exitCode !== null || c.signalCode !== null) {
      throw new Error(
        `the BFF exited (${c.exitCode ?? c.signalCode}); its last output:\n${this.log}`,
      );
    }
  }

  /** Polls until `done` says yes; returns ms since spawn. */
  private async until(
    what: string,
    done: () => Promise<boolean>,
    timeoutMs: number,
  ): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      this.alive();
      if (await done().catch(() => false)) return performance.now() - this.spawnedAt;
      if (performance.now() > deadline)
        throw new Error(`BFF: ${what} not within ${timeoutMs} ms; last output:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** 60 s: on a shared 2-core machine at load 40 a BFF start alone took over 20 s. */
  healthy(): Promise<number> {
    return this.until(
      '/api/health',
      async () => (await this.get('/api/health')).status === 200,
      60_000,
    );
  }

  /** POST /api/session as `admin`, as the web client does; keeps the cookie and CSRF token. */
  async signIn(): Promise<Session> {
    this.alive();
    const res = await fetch(`${this.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: ADMIN_USER, password: adminPassword() }),
    });
    const text = await res.text();
    if (res.status !== 200)
      throw new Error(
        `BFF: sign-in as ${ADMIN_USER} answered ${res.status}: ${text.slice(0, 300)}`,
      );
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = JSON.parse(text) as { csrfToken: string };
    if (!cookie || !csrfToken)
      throw new Error('BFF: sign-in answered without a cookie or csrfToken');
    this.session = { cookie, csrfToken };
    return this.session;
  }

  /** Headers a signed-in client sends: the cookie, plus the CSRF token for a mutation. */
  headers(mutation = false): Record<string, string> {
    const s = this.session;
    if (!s) throw new Error('BFF: not signed in (call signIn() after healthy())');
    return mutation ? { Cookie: s.cookie, 'X-CSRF-Token': s.csrfToken } : { Cookie: s.cookie };
  }

  /** The BFF's own view of the sandbox host once connected (state + libvirt version). */
  hostConnected(): Promise<number> {
    return this.until(
      `host ${HOST_ID} connected`,
      async () => {
        const res = await this.get('/api/hosts');
        const hosts = JSON.parse(res.body.toString('utf8')) as {
          id: string;
          state: string;
          libvirtVersion?: string;
        }[];
        const host = hosts.find((h) => h.id === HOST_ID);
        this.libvirtVersion = host?.libvirtVersion ?? null;
        return host?.state === 'connected';
      },
      30_000,
    );
  }

  /** The BFF's own node process (spawned directly, no shell in between). */
  get pid(): number {
    this.alive();
    return this.child!.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A GET with the session cookie once signed in (health needs none). */
  get(path: string): Promise<Timed> {
    return get(this.agent, this.port, path, this.session ? this.headers() : {});
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.agent.destroy();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }

  /** SIGKILL, as a crash would (no graceful stop); resolves once the process is gone. */
  async crash(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.agent.destroy();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** For a synchronous last-chance cleanup on exit. */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }
}
