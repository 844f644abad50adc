/**
 * Sign-in flood bench: does a flood of sign-ins with random usernames (32 clients, each from
 * its own loopback address, as fast as they can) leave an admin's sign-in and the UI's
 * static files within 2× of idle? Before the per-IP limit and the bounded hash queue it took
 * 15.6 s and 14.5 s.
 *
 * A fresh BFF (own data dir, OWASP scrypt cost) is timed idle, then under the flood (run by
 * flood-worker.ts in a process of its own):
 * admin sign-ins from 127.0.0.1 and GETs of `/` and the app's JS bundle, interleaved.
 * Prints; never fails on timing. Needs the sandbox services and `pnpm build`.
 * Run: `pnpm --filter ./bench run bench:signin` (also the last step of `pnpm bench`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bff, get } from './lib/bff.js';
import { BENCH_DIR, BFF_MAIN } from './lib/env.js';
import { signIn } from './lib/flood.js';
import { cleanUpOnSignal } from './lib/interrupt.js';
import { describeMachine } from './lib/machine.js';
import { median, max, min, ms, table } from './lib/stats.js';

const CLIENTS = Number(process.env.BENCH_FLOOD_CLIENTS ?? '32');
const SAMPLES = Number(process.env.BENCH_FLOOD_SAMPLES ?? '5');
const GOAL_RATIO = 2;
const DATA = path.join(BENCH_DIR, 'signin-flood-bff-data');
const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Starts the flood in its own process; resolves once every client has had an answer. */
async function startFlood(port: number): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(
    process.execPath,
    [
      path.join(HERE, 'node_modules/tsx/dist/cli.mjs'),
      path.join(HERE, 'flood-worker.ts'),
      String(port),
      String(CLIENTS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  while (!out.includes('answered')) {
    if (child.exitCode !== null) throw new Error(`flood worker exited: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, out: () => out };
}

/** SIGTERM to the worker (by its PID); its answers by status. */
async function stopFlood(flood: {
  child: ChildProcess;
  out: () => string;
}): Promise<[number, number][]> {
  const exited = once(flood.child, 'exit');
  flood.child.kill('SIGTERM');
  await exited;
  const last = flood.out().trim().split('\n').at(-1) ?? '{}';
  return Object.entries(JSON.parse(last) as Record<string, number>)
    .map(([s, n]): [number, number] => [Number(s), n])
    .sort(([a], [b]) => a - b);
}

interface Samples {
  signIn: number[];
  page: number[];
  bundle: number[];
}

async function bundlePath(bff: Bff): Promise<string> {
  const html = (await bff.get('/')).body.toString('utf8');
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('no script in index.html: is the web UI built (pnpm build)?');
  return src;
}

async function measure(bff: Bff, bundle: string, samples: number): Promise<Samples> {
  const out: Samples = { signIn: [], page: [], bundle: [] };
  // A fresh connection per static GET: a keep-alive socket would hide accept() queueing.
  const agent = new http.Agent({ keepAlive: false });
  for (let i = 0; i < samples; i++) {
    const answer = await signIn(bff.port, '127.0.0.1', 'admin', PASSWORD);
    if (answer.status !== 200) throw new Error(`admin sign-in answered ${answer.status}`);
    out.signIn.push(answer.ms);
    for (const [what, p] of [
      ['page', '/'],
      ['bundle', bundle],
    ] as const) {
      const res = await get(agent, bff.port, p);
      if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}`);
      out[what].push(res.ms);
    }
  }
  agent.destroy();
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(BFF_MAIN)) throw new Error(`${BFF_MAIN} missing: run pnpm build first`);
  rmSync(DATA, { recursive: true, force: true });
  process.env.POOLWATCH_ADMIN_PASSWORD = PASSWORD;
  const bff = await Bff.start(DATA);
  let flood: Awaited<ReturnType<typeof startFlood>> | null = null;
  const abort = new AbortController();
  const cleanup = async () => {
    flood?.child.kill('SIGTERM');
    await bff.stop();
    rmSync(DATA, { recursive: true, force: true });
  };
  cleanUpOnSignal('signin-flood bench', abort, cleanup, () => {
    flood?.child.kill('SIGKILL');
    bff.killNow();
  });
  try {
    await bff.healthy();
    const bundle = await bundlePath(bff);
    // One sign-in first: the dummy hash for unknown users and the page cache are warm.
    await measure(bff, bundle, 1);
    const idle = await measure(bff, bundle, SAMPLES);
    const started = Date.now();
    flood = await startFlood(bff.port);
    const warmUp = Date.now() - started;
    const busy = await measure(bff, bundle, SAMPLES);
    const statuses = await stopFlood(flood);
    flood = null;

    const row = (what: string, a: number[], b: number[]) => {
      const ratio = median(b) / median(a);
      return [
        what,
        `${ms(median(a))} (${ms(min(a))}–${ms(max(a))})`,
        `${ms(median(b))} (${ms(min(b))}–${ms(max(b))})`,
        `${ratio.toFixed(2)} ${ratio <= GOAL_RATIO ? 'PASS' : 'MISS'}`,
      ];
    };
    console.log(
      `\nsign-in flood: ${CLIENTS} clients from 127.0.0.2–${CLIENTS + 1}, random usernames`,
    );
    for (const line of await describeMachine(null)) console.log(line);
    console.log(
      `load      ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min)`,
    );
    console.log(`every flood client answered after ${warmUp} ms; ${SAMPLES} samples each\n`);
    console.log(
      table([
        ['what (median, min–max)', 'idle', 'under flood', `ratio (goal ≤ ${GOAL_RATIO})`],
        row('admin sign-in (POST /api/session)', idle.signIn, busy.signIn),
        row('static: GET / (index.html)', idle.page, busy.page),
        row(`static: GET ${bundle}`, idle.bundle, busy.bundle),
      ]),
    );
    console.log(
      `\nflood answers: ${statuses.map(([s, n]) => `${s === -1 ? 'error' : s} ×${n}`).join(', ')}`,
    );
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
