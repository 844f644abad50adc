/**
 * Start and re-attach bench (issue 10, "Jobs start fast"): how long a job takes from its
 * 202 to its first measured byte on the socket, against raw `virsh vol-clone` over the same
 * qemu+ssh URI, and how long a restarted BFF takes to re-attach a running clone.
 *
 *   1. start latency, interleaved rounds, a 2 GiB non-zero raw source in pool pw-bench-start:
 *      - API raw→raw clone (Poolwatch's own dd through the host agent): POST → 202, 202 →
 *        first `job:progress` with dataProcessed > 0, and POST → first byte written on the
 *        host (the kernel's fd position on the target, read from /proc: lib/first-write.ts)
 *      - raw `virsh -c qemu+ssh://… vol-clone`: spawn → first byte written on the host, by
 *        the same /proc pass (libvirtd's own fd on the target)
 *      The first API job of a fresh BFF is reported on its own ("cold": the BFF just connected).
 *   2. re-attach: a clone runs; its dd is held with SIGSTOP (so it is still running whatever
 *      the machine's speed), the BFF is killed with SIGKILL and started again on the same data
 *      directory: spawn → /api/health, → host connected, → the job's `attachedAt`, → first
 *      progress measured after it. Then SIGCONT; the job must end `succeeded` with the bytes
 *      equal to the source (cmp), else the round counts as failed.
 * Never fails on timing. Run inside scripts/private-libvirt.sh after `pnpm build`:
 * `pnpm --filter ./bench run bench:start` (BENCH_START_ROUNDS, default 5;
 * BENCH_REATTACH_ROUNDS, default 2).
 */
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { tryVirsh, workersFor, writeFilled } from '@poolwatch/host-truth';
import { apiPaths, isActiveJobState, type Job } from '@poolwatch/shared';
import { Bff } from './lib/bff.js';
import { BenchSession, Figures, log } from './lib/bench-session.js';
import { BENCH_DIR, GIB, HOST_ID, SSH_URI, sshEnv } from './lib/env.js';
import { firstWrite } from './lib/first-write.js';
import { AdminClient, nextEvent, type TypedSocket } from './lib/latency-client.js';
import { describeMachine } from './lib/machine.js';
import { sameBytes } from './lib/jobs-pool.js';
import { max, median, min, ms, table } from './lib/stats.js';

const POOL = 'pw-bench-start';
const session = new BenchSession(POOL, path.join(BENCH_DIR, 'start-bff-data'));
const POOL_DIR = session.poolDir;
const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? '5');
const REATTACH_ROUNDS = Number(process.env.BENCH_REATTACH_ROUNDS ?? '2');
const SOURCE = 'source.raw';
const GOAL_MS = 300;

const figures = new Figures();
const record = (what: string, value: number) => figures.record(what, value);
const loads: number[] = [];
const noteLoad = () => loads.push(os.loadavg()[0]!);

// Non-zero everywhere: dd (conv=sparse) cannot skip any of it.
const createPool = () =>
  session.createPool((dir) => writeFilled(path.join(dir, SOURCE), 2 * GIB, 'yes'));

const startBff = () => session.startBff();

const dropVolume = (name: string) => tryVirsh('vol-delete', '--pool', POOL, '--', name);

/** One API clone: POST → 202 → first measured byte on the socket; POST → first byte on the host. */
async function apiRound(admin: AdminClient, socket: TypedSocket, name: string, label: string) {
  const target = path.join(POOL_DIR, name);
  // Every event from before the POST: the first figure may arrive before the 202 does.
  const seen: { id: string; at: number }[] = [];
  const onProgress = (e: { id: string; progress: { dataProcessed: number | null } }) => {
    if ((e.progress.dataProcessed ?? 0) > 0) seen.push({ id: e.id, at: Date.now() });
  };
  socket.on('job:progress', onProgress);
  let stopHost!: () => void;
  const hostWrite = firstWrite(target, new Promise<void>((r) => (stopHost = r)));
  try {
    const t0 = Date.now();
    const reply = await admin.call<Job>('POST', apiPaths.volumeClone(HOST_ID, POOL, SOURCE), {
      name,
      format: 'raw',
    });
    const t202 = Date.now();
    if (reply.status !== 202) throw new Error(`clone answered ${reply.status}`);
    const id = reply.body.id;
    const ended = nextEvent(
      socket,
      'job:updated',
      (j) => j.id === id && !isActiveJobState(j.state),
      120_000,
    );
    const firstOnSocket = await poll(
      'a measured byte on the socket',
      async () => seen.find((e) => e.id === id) ?? null,
    );
    await ended;
    stopHost();
    const firstOnHost = await hostWrite;
    record(`${label}: POST → 202`, t202 - t0);
    record(`${label}: 202 → first measured byte on the socket`, firstOnSocket.at - t202);
    if (firstOnHost !== null)
      record(`${label}: POST → first byte written on the host`, firstOnHost - t0);
  } finally {
    stopHost();
    socket.off('job:progress', onProgress);
    await dropVolume(name);
  }
}

/** Raw virsh over the same URI: spawn → first byte libvirtd writes on the target. */
async function rawRound(name: string): Promise<void> {
  const target = path.join(POOL_DIR, name);
  const t0 = Date.now();
  const child = spawn('virsh', ['-c', SSH_URI, 'vol-clone', '--pool', POOL, '--', SOURCE, name], {
    env: sshEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const first = await firstWrite(target, exited);
  const code = await exited;
  if (code !== 0) throw new Error(`raw vol-clone exited ${code}: ${stderr.trim()}`);
  if (first === null) log(`[raw: copy ended before a byte was seen] `);
  else record('raw virsh vol-clone: spawn → first byte written on the host', first - t0);
  await dropVolume(name);
}

async function startRounds(): Promise<void> {
  // The first BFF starts on an empty data directory; the re-attach rounds keep theirs.
  const { admin, socket } = await session.startBff({ fresh: true });
  await apiRound(admin, socket, 'cold.raw', 'API clone, first job of a fresh BFF');
  for (let i = 0; i < ROUNDS; i += 1) {
    noteLoad();
    const order = i % 2 === 0 ? ['raw', 'api'] : ['api', 'raw'];
    for (const which of order) {
      if (which === 'raw') await rawRound(`raw-${i}.raw`);
      else await apiRound(admin, socket, `api-${i}.raw`, 'API clone');
    }
    log(`${i + 1}/${ROUNDS} `);
  }
  socket.close();
}

async function poll<T>(
  what: string,
  get: () => Promise<T | null>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function reattachRound(i: number): Promise<void> {
  const name = `reattach-${i}.raw`;
  const target = path.join(POOL_DIR, name);
  const first = await startBff();
  const socket = first.socket;
  let admin = first.admin;
  const reply = await admin.call<Job>('POST', apiPaths.volumeClone(HOST_ID, POOL, SOURCE), {
    name,
  });
  if (reply.status !== 202) throw new Error(`clone answered ${reply.status}`);
  const id = reply.body.id;
  await nextEvent(
    socket,
    'job:progress',
    (e) => e.id === id && (e.progress.dataProcessed ?? 0) > 0,
  );
  const dd = workersFor([`of=${target}`]).filter((w) => w.comm === 'dd');
  if (dd.length !== 1) throw new Error(`expected one dd writing ${target}, found ${dd.length}`);
  process.kill(dd[0]!.pid, 'SIGSTOP');
  try {
    socket.close();
    await session.bff!.crash();
    noteLoad();
    const spawnedAt = Date.now();
    const next = await Bff.start(session.bffData);
    session.bff = next;
    record('re-attach: spawn → /api/health', await next.healthy());
    admin = AdminClient.of(next.url, await next.signIn());
    record('re-attach: spawn → host connected', await next.hostConnected());
    const attached = await poll('attachedAt', async () => {
      const job = (await admin.call<Job>('GET', apiPaths.job(id))).body;
      const at = job.attachedAt === null ? NaN : Date.parse(job.attachedAt);
      return at > spawnedAt ? { at, job } : null;
    });
    record('re-attach: spawn → job attachedAt', attached.at - spawnedAt);
    const progressAt = await poll('progress after re-attach', async () => {
      const job = (await admin.call<Job>('GET', apiPaths.job(id))).body;
      const at = job.progress.measuredAt;
      return at !== null && at >= attached.at - 1000 && job.seq > attached.job.seq
        ? Date.now()
        : null;
    });
    record('re-attach: spawn → first progress seen after it (GET)', progressAt - spawnedAt);
  } finally {
    process.kill(dd[0]!.pid, 'SIGCONT');
  }
  const end = await poll('the job ending', async () => {
    const job = (await admin.call<Job>('GET', apiPaths.job(id))).body;
    return isActiveJobState(job.state) ? null : job;
  });
  const same = end.state === 'succeeded' && (await sameBytes(path.join(POOL_DIR, SOURCE), target));
  if (!same) {
    log(`[re-attach round ${i}: job ${end.state}, bytes ${same ? 'equal' : 'NOT equal'}] `);
    record('re-attach: failed rounds', 1);
  }
  await dropVolume(name);
  await session.stopBff();
}

function report(machine: string[]): void {
  const rows = [...figures].map(([what, values]) => [
    what,
    String(values.length),
    ms(median(values)),
    ms(min(values)),
    ms(max(values)),
  ]);
  console.log(
    `\nStart and re-attach (${ROUNDS} start rounds, ${REATTACH_ROUNDS} re-attach rounds)`,
  );
  for (const line of machine) console.log(line);
  console.log(
    `load      1-min load average during the rounds: ${loads.map((l) => l.toFixed(1)).join(', ')}`,
  );
  console.log(table([['what', 'n', 'median', 'min', 'max'], ...rows]));
  const api = figures.get('API clone: 202 → first measured byte on the socket') ?? [];
  const raw = figures.get('raw virsh vol-clone: spawn → first byte written on the host') ?? [];
  const hostApi = figures.get('API clone: POST → first byte written on the host') ?? [];
  console.log(
    `202 → first measured byte: median ${ms(median(api))} (goal ≤ ${GOAL_MS} ms: ${median(api) <= GOAL_MS ? 'met' : 'MISSED'}); ` +
      `first byte on the host, API / raw virsh: ${(median(hostApi) / median(raw)).toFixed(2)}`,
  );
}

await session.main('start bench', async () => {
  await createPool();
  log('start latency: ');
  await startRounds();
  const version = session.bff?.libvirtVersion ?? null;
  await session.stopBff();
  log('\nre-attach: ');
  for (let i = 0; i < REATTACH_ROUNDS; i += 1) {
    await reattachRound(i);
    log(`${i + 1}/${REATTACH_ROUNDS} `);
  }
  report(await describeMachine(version));
});
