/** Starts and stops the built BFF, and times GETs against it over one keep-alive connection. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { BFF_DATA, BFF_HOSTS, BFF_MAIN, HOST_ID } from './env.js';

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

/** Wall time from sending the request to the last byte of the body. */
export function get(agent: http.Agent, port: number, path: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
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
  readonly spawnedAt = performance.now();

  private constructor(readonly port: number) {}

  /** `dataDir`: the BFF's POOLWATCH_DATA (each bench keeps its own). */
  static async start(dataDir: string = BFF_DATA): Promise<Bff> {
    const bff = new Bff(await freePort());
    const child = spawn(process.execPath, [BFF_MAIN], {
      env: {
        ...process.env,
        PORT: String(bff.port),
        POOLWATCH_BIND: '127.0.0.1',
        POOLWATCH_DATA: dataDir,
        POOLWATCH_HOSTS: JSON.stringify(BFF_HOSTS),
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

  healthy(): Promise<number> {
    return this.until(
      '/api/health',
      async () => (await this.get('/api/health')).status === 200,
      20_000,
    );
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

  get(path: string): Promise<Timed> {
    return get(this.agent, this.port, path);
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

  /** For a synchronous last-chance cleanup on exit. */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }
}
