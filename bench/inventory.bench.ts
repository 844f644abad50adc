/**
 * Inventory bench: does the libvirt adapter avoid an SSH handshake per call?
 *
 * Builds a 1000-volume dir pool, then, interleaved over N rounds and in the same run:
 *   raw   `virsh -c qemu+ssh://... vol-list --details` (same URI, key and known_hosts as the BFF)
 *   cold  a freshly started BFF, once its host is connected, first GET of the pool's volumes
 *   warm  300 sequential GETs of the same URL right after
 * and prints medians against the goals (cold/raw <= 1.2, warm p95 <= 20 ms). Never fails on timing.
 *
 * Needs: `sudo bash scripts/services.sh` and `pnpm build`. Run: `pnpm bench` at the repo root.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { apiPaths } from '@poolwatch/shared';
import { Bff } from './lib/bff.js';
import {
  BENCH_DIR,
  BFF_DATA,
  BFF_MAIN,
  GOALS,
  HOST_ID,
  LOCAL_URI,
  POOL,
  POOL_DIR,
  ROUNDS,
  SSH_URI,
  VOLUMES,
  WARM_REQUESTS,
  sshEnv,
} from './lib/env.js';
import { describeMachine } from './lib/machine.js';
import { createPool, destroyPool } from './lib/pool.js';
import { run, timed, tryRun } from './lib/proc.js';
import { max, median, min, ms, percentile, table } from './lib/stats.js';
import { cleanUpOnSignal, runBench } from './lib/interrupt.js';

const FIX_SERVICES = 'start them with `sudo bash scripts/services.sh` from the repo root';
let bff: Bff | null = null;

async function preflight(): Promise<void> {
  if (!existsSync(BFF_MAIN))
    throw new Error(`${BFF_MAIN} is missing: run \`pnpm build\` at the repo root first`);
  if (!(await tryRun('virsh', ['-c', LOCAL_URI, '-q', 'uri'])))
    throw new Error(`libvirtd does not answer: ${FIX_SERVICES}`);
  if (!(await tryRun('virsh', ['-c', SSH_URI, '-q', 'uri'], sshEnv()))) {
    throw new Error(`libvirt over the sandbox sshd (${SSH_URI}) does not answer: ${FIX_SERVICES}`);
  }
}

/** Data rows of `vol-list --details` (two header lines, a blank line at the end). */
const countRows = (out: string) =>
  out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '').length;

async function rawList(uri: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { ms: t, stdout } = await timed('virsh', ['-c', uri, 'vol-list', '--details', POOL], env);
  const rows = countRows(stdout);
  if (rows !== VOLUMES)
    throw new Error(`virsh -c ${uri} vol-list listed ${rows} volumes, expected ${VOLUMES}`);
  return t;
}

interface Round {
  raw: number;
  local: number;
  health: number;
  connected: number;
  cold: number;
  warm: number[];
}

const volumesPath = apiPaths.volumes(HOST_ID, POOL);

function expectVolumes(status: number, body: Buffer, what: string): void {
  const parsed = status === 200 ? (JSON.parse(body.toString('utf8')) as unknown) : null;
  const n = Array.isArray(parsed) ? parsed.length : -1;
  if (n !== VOLUMES) {
    throw new Error(
      `${what}: GET ${volumesPath} answered ${status} with ${n} volumes (expected ${VOLUMES}): ${body.toString('utf8').slice(0, 300)}`,
    );
  }
}

async function round(): Promise<Round> {
  // No BFF runs while raw virsh is timed: its polls would slow raw down and flatter the ratio.
  await bff?.stop();
  bff = null;
  const raw = await rawList(SSH_URI, sshEnv());
  const local = await rawList(LOCAL_URI, { ...process.env, LC_ALL: 'C.UTF-8' });

  bff = await Bff.start();
  const health = await bff.healthy();
  // Every /api route but health and sign-in needs a session (not timed: a client signs in once).
  await bff.signIn();
  const connected = await bff.hostConnected();

  const first = await bff.get(volumesPath);
  expectVolumes(first.status, first.body, 'cold');

  const warm: number[] = [];
  const bodies: Buffer[] = [];
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const res = await bff.get(volumesPath);
    warm.push(res.ms);
    if (res.status !== 200 || i % 50 === 0) bodies.push(res.body); // spot-check outside the timing
    if (res.status !== 200) expectVolumes(res.status, res.body, `warm #${i}`);
  }
  bodies.forEach((b, i) => expectVolumes(200, b, `warm sample ${i}`));
  return { raw, local, health, connected, cold: first.ms, warm };
}

function report(rounds: Round[], machine: string[]): void {
  const col = (f: (r: Round) => number) => rounds.map(f);
  const allWarm = rounds.flatMap((r) => r.warm);
  const num = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : 'n/a');

  console.log('\nPoolwatch inventory bench');
  machine.forEach((l) => console.log(l));
  console.log(`pool      ${POOL}: ${VOLUMES} raw volumes (1 MiB sparse) in ${POOL_DIR}`);
  console.log(
    `host      ${SSH_URI}; ${rounds.length} rounds, interleaved; ${WARM_REQUESTS} warm GETs per round`,
  );
  console.log(`request   GET ${volumesPath}\n`);

  console.log('per round (ms)');
  console.log(
    table([
      [
        'round',
        'raw ssh',
        'raw local',
        'BFF up',
        'connected',
        'API cold',
        'warm p50',
        'warm p95',
        'warm max',
      ],
      ...rounds.map((r, i) => [
        String(i + 1),
        num(r.raw),
        num(r.local),
        num(r.health),
        num(r.connected),
        num(r.cold),
        num(median(r.warm)),
        num(percentile(r.warm, 95)),
        num(max(r.warm)),
      ]),
    ]),
  );

  const stat = (label: string, xs: number[]) => [label, ms(median(xs)), ms(min(xs)), ms(max(xs))];
  console.log('\nsummary');
  console.log(
    table([
      ['', 'median', 'min', 'max'],
      stat(
        'raw  virsh -c qemu+ssh://… vol-list --details',
        col((r) => r.raw),
      ),
      stat(
        'ref  virsh -c qemu:///system vol-list --details (local socket, no ssh)',
        col((r) => r.local),
      ),
      stat(
        'BFF  spawn -> /api/health 200 (not counted)',
        col((r) => r.health),
      ),
      stat(
        'BFF  spawn -> host connected (connection set-up, not counted)',
        col((r) => r.connected),
      ),
      stat(
        'API  cold: first GET volumes after connect',
        col((r) => r.cold),
      ),
      [
        'API  warm (all ' + allWarm.length + ' GETs): p50 / p95 / max',
        ms(median(allWarm)),
        ms(percentile(allWarm, 95)),
        ms(max(allWarm)),
      ],
    ]),
  );

  const ratio = median(col((r) => r.cold)) / median(col((r) => r.raw));
  const p95 = percentile(allWarm, 95);
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log('\ngoals');
  console.log(
    table([
      ['goal', 'measured', 'target', 'verdict'],
      [
        'cold API / raw virsh qemu+ssh (medians)',
        ratio.toFixed(3),
        `<= ${GOALS.coldRatio}`,
        verdict(ratio <= GOALS.coldRatio),
      ],
      ['warm API p95', ms(p95), `<= ${GOALS.warmP95Ms} ms`, verdict(p95 <= GOALS.warmP95Ms)],
    ]),
  );
}

let cleaning: Promise<void> | null = null;
const abort = new AbortController();
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await bff?.stop().catch(() => bff?.killNow());
    await destroyPool().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    await fs.rm(BFF_DATA, { recursive: true, force: true });
    await fs.rmdir(BENCH_DIR).catch(() => undefined); // only if empty
  })();
  return cleaning;
}
cleanUpOnSignal(`BFF, pool ${POOL}`, abort, cleanup, () => bff?.killNow());

async function main(): Promise<void> {
  await preflight();
  const t0 = Date.now();
  process.stderr.write(`creating ${POOL} with ${VOLUMES} volumes… `);
  await createPool(abort.signal);
  // Sanity, not timed: both routes list the whole pool.
  await run('virsh', ['-c', SSH_URI, 'vol-list', '--details', POOL], sshEnv());
  process.stderr.write(`done in ${Date.now() - t0} ms\n`);

  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    process.stderr.write(`round ${i + 1}/${ROUNDS}… `);
    rounds.push(await round());
    const r = rounds[i]!;
    process.stderr.write(
      `raw ${r.raw.toFixed(0)} ms, cold ${r.cold.toFixed(1)} ms, warm p95 ${percentile(r.warm, 95).toFixed(2)} ms\n`,
    );
  }
  const machine = await describeMachine(bff?.libvirtVersion ?? null);
  report(rounds, machine);
}

runBench(main, abort, cleanup);
