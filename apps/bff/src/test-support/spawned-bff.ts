import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const bffRoot = resolve(import.meta.dirname, '../..');
const tsxCli = join(bffRoot, 'node_modules/tsx/dist/cli.mjs');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => done(port));
    });
  });
}

/**
 * The BFF's own main.ts (through tsx, so the source under test, not a stale build) in a
 * process of its own, with every byte of its stdout and stderr kept: tests grep the whole
 * log. Spawned with argv, no shell; stopped by its PID.
 */
export class SpawnedBff {
  stdout = '';
  stderr = '';
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(env: Record<string, string>): Promise<SpawnedBff> {
    const bff = new SpawnedBff(await freePort());
    const child = spawn(process.execPath, [tsxCli, join(bffRoot, 'src/main.ts')], {
      cwd: bffRoot,
      env: { ...process.env, PORT: String(bff.port), POOLWATCH_BIND: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (b: Buffer) => (bff.stdout += b.toString('utf8')));
    child.stderr?.on('data', (b: Buffer) => (bff.stderr += b.toString('utf8')));
    bff.child = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`BFF exited: ${bff.stderr}\n${bff.stdout}`);
      const ok = await fetch(`${bff.url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return bff;
      if (Date.now() > deadline) throw new Error(`BFF not healthy in 60 s: ${bff.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM by PID, and wait for the exit (its last log lines included). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
