import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { expect } from '@playwright/test';
import { pathOf, routes } from '@poolwatch/shared';
import { ADMIN_PASSWORD, BFF_MAIN, DATA_ROOT, HOSTS, SANDBOX_HOST_ID } from './env.js';

/**
 * A BFF of the test's own (not Playwright's webServer), for tests that stop and restart
 * the server under an open page. Spawned with argv, no shell. It has its own data dir (and
 * so its own users and sessions, which survive its restarts): sign a page's context in
 * with `signInAdmin(page.request, bff.url)`.
 */
export class OwnBff {
  private child: ChildProcess | null = null;

  /** `env` adds to the BFF's environment (a slower history sampler, say). */
  constructor(
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {}

  /** Its POOLWATCH_DATA: jobs.sqlite and auth.sqlite live here. */
  get dataDir(): string {
    return path.join(DATA_ROOT, `e2e-own-${this.port}`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [BFF_MAIN], {
      stdio: 'ignore',
      env: {
        ...process.env,
        PORT: String(this.port),
        POOLWATCH_BIND: '127.0.0.1',
        POOLWATCH_DATA: this.dataDir,
        POOLWATCH_HOSTS: JSON.stringify(HOSTS.filter((h) => h.id === SANDBOX_HOST_ID)),
        POOLWATCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
    });
    // Health answers once listening, then the inventory is asked with an admin session.
    await expect
      .poll(() => this.hosts().then((hosts) => hosts[0]?.state ?? 'none', String), {
        message: `own BFF on ${this.port} connects to its host`,
        timeout: 30_000,
      })
      .toBe('connected');
  }

  private cookie: string | null = null;

  private async hosts(): Promise<{ state: string }[]> {
    if (!this.cookie) {
      const res = await fetch(this.url + pathOf(routes.sessionLogin), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`own BFF sign-in: ${res.status}`);
      this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    }
    const res = await fetch(this.url + pathOf(routes.hosts), { headers: { cookie: this.cookie } });
    if (res.status === 401) this.cookie = null;
    return (await res.json()) as { state: string }[];
  }

  /** SIGTERM (a deploy); `SIGKILL` for a crash. Only the process this object started. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}
