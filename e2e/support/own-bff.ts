import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { BFF_MAIN, DATA_ROOT, HOSTS, SANDBOX_HOST_ID } from './env.js';

/**
 * A BFF of the test's own (not Playwright's webServer), for tests that stop and restart
 * the server under an open page. Spawned with argv, no shell.
 */
export class OwnBff {
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

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
        POOLWATCH_DATA: path.join(DATA_ROOT, `e2e-own-${this.port}`),
        POOLWATCH_HOSTS: JSON.stringify(HOSTS.filter((h) => h.id === SANDBOX_HOST_ID)),
        LOG_LEVEL: 'warn',
      },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`${this.url}/api/hosts`);
        const hosts = (await res.json()) as { state: string }[];
        if (hosts[0]?.state === 'connected') return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`own BFF on ${this.port} did not connect in 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
