/**
 * Idle-host bench (issue 13, "Per-host cost first"): what one idle configured host costs.
 *
 * One BFF is started with N hosts (BENCH_IDLE_HOSTS, default "10,20"), all pointing at the
 * sandbox sshd/libvirtd with distinct ids; the sandbox holds BENCH_IDLE_POOLS (6) running dir
 * pools of 3 volumes each. Once every host is connected and a settle time has passed, over
 * BENCH_IDLE_S (30) seconds it measures:
 *   local processes per host   descendants of the BFF's node process (/proc ppid), / N
 *   PSS per host               Pss of those descendants (/proc/<pid>/smaps_rollup), / N;
 *                              the BFF's own node process is shown apart
 *   BFF CPU                    user+system of the BFF and its descendants, % of one core
 *   host CPU per host          libvirtd + sshd and everything sshd runs (agent, stat,
 *                              virt-ssh-helper), % of one core, / N
 *   vol-list per host per min  from the BFF's own metrics (poolwatch_virsh_command_seconds)
 * for this tree's build ("after") and, when BENCH_BEFORE_MAIN names another build's
 * apps/bff/dist/main.js (e.g. /work/main's), for that one too ("before"), in the same run.
 * Never fails on a figure: it prints them against the goals (≤ 2 processes, ≤ 5 MB, ≤ 1 %).
 *
 * Needs: `sudo bash scripts/services.sh` (or scripts/private-libvirt.sh) and `pnpm build`.
 * Run: `pnpm --filter ./bench run bench:idle-hosts`.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Bff } from './lib/bff.js';
import { CpuSampler, hostPids } from './lib/cpu.js';
import { BENCH_DIR, BFF_HOSTS, BFF_MAIN, LOCAL_URI } from './lib/env.js';
import { cleanUpOnSignal, runBench } from './lib/interrupt.js';
import { describeMachine } from './lib/machine.js';
import { run, tryRun } from './lib/proc.js';
import { table } from './lib/stats.js';

const HOST_COUNTS = (process.env.BENCH_IDLE_HOSTS ?? '10,20').split(',').map(Number);
const POOLS = Number(process.env.BENCH_IDLE_POOLS ?? '6');
const WINDOW_S = Number(process.env.BENCH_IDLE_S ?? '30');
const SETTLE_S = Number(process.env.BENCH_IDLE_SETTLE_S ?? '10');
const BEFORE_MAIN = process.env.BENCH_BEFORE_MAIN ?? '';
const GOALS = { processes: 2, pssMb: 5, hostCpuPct: 1 } as const;
const DATA = path.join(BENCH_DIR, 'idle-bff-data');
const poolName = (i: number) => `pw-bench-idle-${i}`;
const poolDir = (i: number) => path.join(BENCH_DIR, poolName(i));
const virsh = (...args: string[]) =>
  run('virsh', ['-c', LOCAL_URI, ...args], { ...process.env, LC_ALL: 'C.UTF-8' });

let bff: Bff | null = null;
const abort = new AbortController();

async function createPools(): Promise<void> {
  await destroyPools();
  for (let i = 0; i < POOLS; i++) {
    await fs.mkdir(poolDir(i), { recursive: true });
    await virsh('pool-create-as', '--name', poolName(i), '--type', 'dir', '--target', poolDir(i));
    for (const v of ['a.raw', 'b.raw', 'c.qcow2'])
      await virsh('vol-create-as', '--pool', poolName(i), '--name', v, '--capacity', '1M');
  }
}

async function destroyPools(): Promise<void> {
  for (let i = 0; i < POOLS; i++) {
    await tryRun('virsh', ['-c', LOCAL_URI, 'pool-destroy', '--pool', poolName(i)]);
    await fs.rm(poolDir(i), { recursive: true, force: true });
  }
}

/** ppid of every process now (/proc/<pid>/stat; comm may hold spaces: it ends at ')'). */
async function parents(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const d of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const text = await fs.readFile(`/proc/${d}/stat`, 'utf8').catch(() => null);
    if (text !== null)
      out.set(Number(d), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
  }
  return out;
}

async function descendants(root: number): Promise<number[]> {
  const ppid = await parents();
  const inTree = (pid: number) => {
    for (let p = ppid.get(pid) ?? 0, depth = 0; p > 1 && depth < 64; depth++) {
      if (p === root) return true;
      p = ppid.get(p) ?? 0;
    }
    return false;
  };
  return [...ppid.keys()].filter(inTree);
}

/** Proportional set size in bytes (smem's measure: shared pages split between users). */
async function pss(pid: number): Promise<number> {
  const text = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0) * 1024;
}

/** vol-list calls the BFF made so far, all hosts (its Prometheus text, as an admin). */
async function volLists(b: Bff): Promise<number> {
  const res = await b.get('/metrics');
  const line = /^poolwatch_virsh_command_seconds_count\{([^}]*)\} (\d+)/;
  let sum = 0;
  for (const l of res.body.toString('utf8').split('\n')) {
    const m = line.exec(l);
    if (m && m[1]!.includes('command="vol-list"')) sum += Number(m[2]);
  }
  return sum;
}

async function connected(b: Bff): Promise<number> {
  const res = await b.get('/api/hosts');
  const hosts = JSON.parse(res.body.toString('utf8')) as { state: string }[];
  return hosts.filter((h) => h.state === 'connected').length;
}

interface Figures {
  connected: number;
  processesPerHost: number;
  pssPerHostMb: number;
  bffNodePssMb: number;
  bffCpuPct: number;
  hostCpuPerHostPct: number;
  volListsPerHostMin: number;
  /** Where the host side's CPU went: % of a core per host, by process name, biggest first. */
  hostByName: string;
}

const byName = (cpu: Record<string, number>, n: number) =>
  Object.entries(cpu)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, s]) => `${name} ${((100 * s) / WINDOW_S / n).toFixed(2)}`)
    .join(', ');

async function measure(main: string, n: number): Promise<Figures> {
  const base = BFF_HOSTS[0]!;
  const hosts = Array.from({ length: n }, (_, i) => ({
    ...base,
    id: `idle-${i}`,
    label: `idle ${i}`,
  }));
  bff = await Bff.start(DATA, { main, hosts });
  await bff.healthy();
  await bff.signIn();
  const deadline = Date.now() + 180_000;
  while ((await connected(bff)) < n && Date.now() < deadline) await sleep(500);
  await sleep(SETTLE_S * 1000);
  const up = await connected(bff);
  const bffPid = bff.pid;
  const local = new CpuSampler([bffPid], new Map([[bffPid, 'BFF (node)']]));
  const host = new CpuSampler(await hostPids(), new Map());
  const listsBefore = await volLists(bff);
  await local.start();
  await host.start();
  await sleep(WINDOW_S * 1000);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const localCpu = sum(await local.stop());
  const hostByProcess = await host.stop();
  const hostCpu = sum(hostByProcess);
  const lists = (await volLists(bff)) - listsBefore;
  const children = await descendants(bffPid);
  const childPss = (await Promise.all(children.map(pss))).reduce((a, b) => a + b, 0);
  const figures = {
    connected: up,
    processesPerHost: children.length / n,
    pssPerHostMb: childPss / n / 2 ** 20,
    bffNodePssMb: (await pss(bffPid)) / 2 ** 20,
    bffCpuPct: (100 * localCpu) / WINDOW_S,
    hostCpuPerHostPct: (100 * hostCpu) / WINDOW_S / n,
    volListsPerHostMin: (lists / n) * (60 / WINDOW_S),
    hostByName: byName(hostByProcess, n),
  };
  await bff.stop();
  bff = null;
  return figures;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  if (!existsSync(BFF_MAIN)) throw new Error(`${BFF_MAIN} is missing: run \`pnpm build\` first`);
  const builds: [string, string][] = [['after (this tree)', BFF_MAIN]];
  if (BEFORE_MAIN !== '') {
    if (!existsSync(BEFORE_MAIN)) throw new Error(`BENCH_BEFORE_MAIN ${BEFORE_MAIN} is missing`);
    builds.unshift(['before', BEFORE_MAIN]);
  }
  await createPools();
  const load = (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  const rows: string[][] = [
    [
      'build',
      'hosts',
      'connected',
      'procs/host',
      'PSS/host',
      'BFF node PSS',
      'BFF CPU',
      'host CPU/host',
      'vol-list/host/min',
    ],
  ];
  for (const n of HOST_COUNTS) {
    for (const [label, file] of builds) {
      const f = await measure(file, n);
      rows.push([
        label,
        String(n),
        `${f.connected}/${n}`,
        f.processesPerHost.toFixed(1),
        `${f.pssPerHostMb.toFixed(1)} MB`,
        `${f.bffNodePssMb.toFixed(0)} MB`,
        `${f.bffCpuPct.toFixed(1)} %`,
        `${f.hostCpuPerHostPct.toFixed(2)} %`,
        f.volListsPerHostMin.toFixed(1),
      ]);
      console.log(rows.at(-1)!.join('  '));
      console.log(`  host CPU per host by process (% of a core): ${f.hostByName}`);
    }
  }
  console.log(`\n${(await describeMachine(null)).join('\n')}`);
  console.log(
    `load      ${load} at start; ${POOLS} dir pools × 3 volumes, ${WINDOW_S} s idle window`,
  );
  console.log(
    `goals     ≤ ${GOALS.processes} local processes, ≤ ${GOALS.pssMb} MB PSS, host ≤ ${GOALS.hostCpuPct} % of a core per idle host\n`,
  );
  console.log(table(rows));
}

cleanUpOnSignal(
  'idle-hosts bench',
  abort,
  async () => {
    await bff?.stop();
    await destroyPools();
  },
  () => bff?.killNow(),
);
runBench(main, abort, async () => {
  await bff?.stop();
  await destroyPools();
});
