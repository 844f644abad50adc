/**
 * Fleet search bench: does GET /api/search answer within 50 ms over 50,000 volumes?
 *
 * Builds 5 transient dir pools of 10,000 real (empty, sparse) volumes each on the sandbox
 * libvirtd, starts the built BFF, waits until its poll has every volume, then times
 * GET /api/search for a mix of queries (prefix, substring, path, one letter, no match), and
 * beside it, in the same run, what an admin does without Poolwatch: `virsh vol-list` of each
 * pool over the same qemu+ssh URI (then grep). Prints p50/p95 and the ratio; never fails on
 * timing.
 *
 * Needs: the private libvirtd (bash scripts/private-libvirt.sh) and `pnpm build`.
 * Run: `pnpm --filter ./bench run bench:search`.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathOf, routes, SearchAnswerSchema } from '@poolwatch/shared';
import { Bff } from './lib/bff.js';
import { BENCH_DIR, BFF_MAIN, LOCAL_URI, SSH_URI, sshEnv } from './lib/env.js';
import { cleanUpOnSignal, runBench } from './lib/interrupt.js';
import { describeMachine } from './lib/machine.js';
import { volumeName } from './lib/pool.js';
import { run, timed, tryRun } from './lib/proc.js';
import { max, median, ms, percentile, table } from './lib/stats.js';

const POOLS = 5;
const PER_POOL = Number(process.env.BENCH_SEARCH_PER_POOL ?? '10000');
const VOLUMES = POOLS * PER_POOL;
const REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? '50');
const RAW_ROUNDS = Number(process.env.BENCH_SEARCH_RAW_ROUNDS ?? '3');
const GOAL_MS = 50;
const DATA = path.join(BENCH_DIR, 'search-bff-data');
const poolName = (p: number) => `pw-bench-search-${p}`;
const poolDir = (p: number) => path.join(BENCH_DIR, poolName(p));
const local = (...args: string[]) =>
  run('virsh', ['-c', LOCAL_URI, ...args], { ...process.env, LC_ALL: 'C.UTF-8' });

const QUERIES = [
  ['prefix, ~1/9 of all', 'vm-'],
  ['substring, ~1/7 of all', 'snapshot-2025'],
  ['one name', volumeName(VOLUMES - 1)],
  ['path of one pool', `/${poolName(3)}/`],
  ['one letter', 'a'],
  ['unicode', 'ünïcode-4'],
  ['no match', 'no-such-volume-xyz'],
] as const;

async function destroyPools(): Promise<void> {
  for (let p = 0; p < POOLS; p++) {
    const xml = await tryRun('virsh', ['-c', LOCAL_URI, 'pool-dumpxml', '--pool', poolName(p)]);
    if (xml?.includes(`<path>${poolDir(p)}</path>`))
      await tryRun('virsh', ['-c', LOCAL_URI, 'pool-destroy', '--pool', poolName(p)]);
    await fs.rm(poolDir(p), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

async function createPools(signal: AbortSignal): Promise<void> {
  await destroyPools();
  for (let p = 0; p < POOLS; p++) {
    await fs.mkdir(poolDir(p), { recursive: true });
    for (let i = p * PER_POOL; i < (p + 1) * PER_POOL; i++) {
      signal.throwIfAborted();
      await fs.writeFile(path.join(poolDir(p), volumeName(i)), '', { flag: 'wx' });
    }
    await local('pool-create-as', '--name', poolName(p), '--type', 'dir', '--target', poolDir(p));
  }
}

let bff: Bff | null = null;
const abort = new AbortController();
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await bff?.stop().catch(() => bff?.killNow());
    await destroyPools().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    await fs.rm(DATA, { recursive: true, force: true });
    await fs.rmdir(BENCH_DIR).catch(() => undefined);
  })();
  return cleaning;
}
cleanUpOnSignal('BFF, search pools', abort, cleanup, () => bff?.killNow());

async function searchOnce(q: string, limit = 20) {
  const res = await bff!.get(pathOf(routes.search, {}, { q, limit }));
  if (res.status !== 200)
    throw new Error(`search ${q}: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return { ms: res.ms, answer: SearchAnswerSchema.parse(JSON.parse(res.body.toString('utf8'))) };
}

async function main(): Promise<void> {
  if (!existsSync(BFF_MAIN)) throw new Error(`${BFF_MAIN} is missing: run \`pnpm build\` first`);
  const t0 = Date.now();
  process.stderr.write(`creating ${POOLS} pools × ${PER_POOL} volumes… `);
  await createPools(abort.signal);
  process.stderr.write(`done in ${Date.now() - t0} ms\n`);

  // Raw first, with no BFF polling beside it (it would slow raw down and flatter the ratio).
  const raw: number[] = [];
  for (let round = 0; round < RAW_ROUNDS; round++) {
    let total = 0;
    for (let p = 0; p < POOLS; p++) {
      total += (await timed('virsh', ['-c', SSH_URI, 'vol-list', '--pool', poolName(p)], sshEnv()))
        .ms;
    }
    raw.push(total);
    process.stderr.write(`raw vol-list of every pool: ${total.toFixed(0)} ms\n`);
  }

  await fs.mkdir(DATA, { recursive: true });
  bff = await Bff.start(DATA);
  await bff.healthy();
  await bff.signIn();
  // The first poll reads every pool's vol-list before the host counts as connected (longer
  // than Bff.hostConnected's 30 s on 50,000 volumes); the host's own search result aside,
  // every volume's path holds BENCH_DIR: ready once the poll has all of them.
  const connectStart = Date.now();
  const deadline = Date.now() + 600_000;
  while ((await searchOnce(`${BENCH_DIR}/pw-bench-search-`)).answer.total < VOLUMES) {
    if (Date.now() > deadline) throw new Error('the BFF never listed every volume');
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write(`BFF has every volume ${Date.now() - connectStart} ms after sign-in\n`);

  // Baseline under the same load: a trivial authenticated GET (the host list) of this BFF.
  const baseline: number[] = [];
  for (let i = 0; i < REQUESTS; i++) baseline.push((await bff.get(pathOf(routes.hosts))).ms);
  const rows: string[][] = [
    ['query', 'matches', 'p50', 'p95', 'max'],
    [
      'baseline: GET /api/hosts',
      '-',
      ms(median(baseline)),
      ms(percentile(baseline, 95)),
      ms(max(baseline)),
    ],
  ];
  const all: number[] = [];
  for (const [label, q] of QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const { ms: t, answer } = await searchOnce(q);
      times.push(t);
      total = answer.total;
    }
    all.push(...times);
    rows.push([
      `${label}: ${JSON.stringify(q)}`,
      String(total),
      ms(median(times)),
      ms(percentile(times, 95)),
      ms(max(times)),
    ]);
  }

  console.log('\nPoolwatch fleet search bench');
  (await describeMachine(bff.libvirtVersion)).forEach((l) => console.log(l));
  console.log(
    `fleet     ${VOLUMES} volumes in ${POOLS} dir pools on ${SSH_URI}; ${REQUESTS} GETs per query\n`,
  );
  console.log(table(rows));
  const p95 = percentile(all, 95);
  const rawMedian = median(raw);
  console.log('\nsummary');
  console.log(
    table([
      ['', 'value'],
      [
        `raw: virsh vol-list of all ${POOLS} pools over qemu+ssh (median of ${RAW_ROUNDS})`,
        ms(rawMedian),
      ],
      ['GET /api/search, every query: p50', ms(median(all))],
      ['GET /api/search, every query: p95', ms(p95)],
      ['search p95 / raw vol-list', (p95 / rawMedian).toFixed(4)],
      [
        'search p50 / GET /api/hosts p50 (same BFF, same load)',
        (median(all) / median(baseline)).toFixed(2),
      ],
      [`goal: p95 <= ${GOAL_MS} ms`, p95 <= GOAL_MS ? 'PASS' : 'MISS'],
    ]),
  );
}

runBench(main, abort, cleanup);
