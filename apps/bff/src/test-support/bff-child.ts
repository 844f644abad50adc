import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import Database from 'libsql';
import type { JobHandle } from '../jobs/job-spec.js';
import { asClient, signIn, type Client } from './auth-harness.js';
import { sandboxHost } from './sandbox.js';

/**
 * The real BFF (src/main.ts, exactly as production starts it) as a child process of the
 * test, on its own data dir and a free loopback port, talking to the sandbox host over sshd.
 * Tests stop it by its PID (SIGKILL, SIGTERM) and start it again on the same data dir.
 */
const bffDir = resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'child-bff-admin-password';

export interface ChildBff {
  pid: number;
  base: string;
  admin: Client;
  /** Everything the child printed (stdout + stderr). */
  output(): string;
  /** Sends `signal` to the child's PID and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function startChildBff(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildBff> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: bffDir,
    env: {
      ...process.env,
      PORT: String(port),
      POOLWATCH_BIND: '127.0.0.1',
      POOLWATCH_DATA: dataDir,
      POOLWATCH_HOSTS: JSON.stringify([
        {
          id: sandboxHost.id,
          uri: sandboxHost.uri,
          keyFile: sandboxHost.keyFile,
          knownHostsFile: sandboxHost.knownHostsFile,
        },
      ]),
      POOLWATCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      POOLWATCH_WEB_DIST: join(dataDir, 'no-web'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the BFF exited at start:\n${output}`);
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the BFF did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const admin = await signIn(base, 'admin', ADMIN_PASSWORD);
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: asClient(admin),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
  };
  // Connected to the sandbox host (jobs need it; the reconciler runs on connect).
  for (;;) {
    const hosts = await api<{ id: string; state: string }[]>('GET', '/api/hosts');
    if (hosts.body.some((h) => h.id === sandboxHost.id && h.state === 'connected')) break;
    if (Date.now() > deadline) throw new Error(`the sandbox host did not connect:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    base,
    admin,
    output: () => output,
    api,
    async kill(signal) {
      process.kill(child.pid!, signal);
      const [code, sig] = await exited;
      return { code, signal: sig };
    },
  };
}

/** What a job recorded in the job store (read straight from the SQLite file). */
export function recordedHandles(dataDir: string, jobId: string): JobHandle[] {
  const db = new Database(join(dataDir, 'jobs.sqlite'), { readonly: true });
  try {
    const row = db.prepare<[string]>('SELECT handles FROM jobs WHERE id = ?').get(jobId) as
      { handles: string | null } | undefined;
    return row?.handles ? (JSON.parse(row.handles) as JobHandle[]) : [];
  } finally {
    db.close();
  }
}

/**
 * Live processes that match a recorded handle, by the same rule the reconciler uses:
 * host process = comm + one exact argv entry; local process = pid + the whole exact argv.
 */
export function liveMatches(handles: readonly JobHandle[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let comm: string;
    let argv: string[];
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.at(-1) === '') argv.pop();
    } catch {
      continue;
    }
    for (const h of handles) {
      const hit =
        (h.kind === 'host-process' && comm === h.comm && argv.includes(h.argvEntry)) ||
        (h.kind === 'local-process' &&
          Number(pid) === h.pid &&
          argv.length === h.argv.length &&
          argv.every((a, i) => a === h.argv[i]));
      if (hit) found.push(`${pid} ${comm} ${JSON.stringify(argv)}`);
    }
  }
  return found;
}
