/**
 * Storage jobs bench: do bytes move through the BFF as fast as through virsh alone, and do
 * the progress figures the UI shows match what happens on the host?
 *
 * In one transient dir pool (pw-bench-jobs) holding 1 GiB of random bytes, in the same run:
 *   1. upload 1 GiB: BFF PUT .../content?create=1 vs `virsh vol-upload` over the same URI
 *   2. download 1 GiB: BFF GET .../content vs `virsh vol-download VOL /dev/fd/3`
 *      (interleaved rounds; the BFF is stopped while raw virsh runs, and the order flips)
 *   3. the BFF's peak RSS during a 4 GiB upload (fresh BFF, /proc/<pid>/status)
 *   4. a raw->raw clone through the API: `job:progress` vs the target's allocated bytes
 *      sampled on the host, at each event's measuredAt; event rate while bytes move
 *   5. latency from a figure's measuredAt to its arrival on socket.io
 * Prints figures against goals; never fails on timing. Needs `sudo bash scripts/services.sh`
 * and `pnpm build`. Run: `pnpm bench` at the repo root (after the inventory bench).
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { apiPaths, type Job } from '@poolwatch/shared';
import { Bff } from './lib/bff.js';
import {
  BENCH_DIR,
  BFF_MAIN,
  CLONE_ROUNDS,
  GIB,
  HOST_ID,
  JOBS_BFF_DATA,
  JOBS_POOL,
  JOBS_POOL_DIR,
  JOBS_ROUNDS,
  LOCAL_URI,
  RSS_UPLOAD_GIB,
  SSH_URI,
  sshEnv,
} from './lib/env.js';
import {
  SOURCE_FILE,
  SOURCE_VOLUME,
  createJobsPool,
  createVolume,
  deleteVolume,
  destroyJobsPool,
  sameBytes,
  sync,
} from './lib/jobs-pool.js';
import {
  cpuLines,
  printJobsReport,
  type CloneRun,
  type CpuBreakdown,
  type Failures,
  type RssRun,
  type TransferRound,
} from './lib/jobs-report.js';
import { describeMachine } from './lib/machine.js';
import { tryRun } from './lib/proc.js';
import { withCpu } from './lib/cpu.js';
import { curlGet, curlPut, fileStream, httpPut, rawDownload, rawUpload } from './lib/transfer.js';
import { cleanUpOnSignal, runBench } from './lib/interrupt.js';
import {
  AllocationSampler,
  JobWatcher,
  RssSampler,
  readStatus,
  type ProgressSample,
} from './lib/watch.js';

const FIX_SERVICES = 'start them with `sudo bash scripts/services.sh` from the repo root';
let bff: Bff | null = null;
let watcher: JobWatcher | null = null;
let libvirtVersion: string | null = null;
const streamEvents: ProgressSample[] = [];
/** What the BFF answered when a transfer failed: reported under the table, never hidden. */
const failures: Failures = { upload: [], download: [], rss: [] };
const log = (s: string) => process.stderr.write(s);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function preflight(): Promise<void> {
  if (!existsSync(BFF_MAIN))
    throw new Error(`${BFF_MAIN} is missing: run \`pnpm build\` at the repo root first`);
  if (!(await tryRun('virsh', ['-c', LOCAL_URI, '-q', 'uri'])))
    throw new Error(`libvirtd does not answer: ${FIX_SERVICES}`);
  if (!(await tryRun('virsh', ['-c', SSH_URI, '-q', 'uri'], sshEnv())))
    throw new Error(`libvirt over the sandbox sshd (${SSH_URI}) does not answer: ${FIX_SERVICES}`);
}

async function startBff(): Promise<Bff> {
  const b = await Bff.start(JOBS_BFF_DATA);
  bff = b;
  await b.healthy();
  await b.signIn();
  await b.hostConnected();
  libvirtVersion = b.libvirtVersion;
  watcher = await JobWatcher.connect(b.url, b.headers());
  return b;
}

async function stopBff(): Promise<void> {
  if (watcher) streamEvents.push(...watcher.progress.filter((e) => e.kind !== 'volume.clone'));
  watcher?.close();
  watcher = null;
  await bff?.stop();
  bff = null;
}

const content = (name: string) => apiPaths.volumeContent(HOST_ID, JOBS_POOL, name);

/** null when the upload succeeded, else the BFF's own account of the failure. */
function uploadFailure(status: number, body: string): string | null {
  let parsed: Partial<Job> & { error?: { id: string; message: string }; job?: Job };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return `PUT .../content: HTTP ${status}: ${body.slice(0, 300)}`;
  }
  if (status === 200 && parsed.state === 'succeeded') return null;
  const job = parsed.job ?? (parsed as Job);
  const err = parsed.error ?? job.error;
  const moved = `${job.progress?.dataProcessed ?? '?'} of ${job.progress?.dataTotal ?? '?'} bytes`;
  return `PUT .../content: HTTP ${status} ${err?.id ?? ''}: ${err?.message ?? body.slice(0, 200)} (job ${job.state}, ${moved})`;
}

function expectJob(status: number, body: string, what: string): Job {
  const job = (status === 200 || status === 202 ? JSON.parse(body) : null) as Job | null;
  if (!job || (status === 200 && job.state !== 'succeeded'))
    throw new Error(`${what}: HTTP ${status}: ${body.slice(0, 400)}`);
  return job;
}

/** The CPU of every process in a transfer, the BFF named: bench/lib/cpu.ts. */
const timedCpu = <T extends { ms: number }>(go: () => Promise<T>) => withCpu(bff?.pid ?? null, go);
type Side = { up: number; down: number; cpuUp: CpuBreakdown; cpuDown: CpuBreakdown };

async function rawSide(i: number, check: boolean): Promise<Side> {
  const vol = `raw-up-${i}.raw`;
  await createVolume(vol, GIB);
  await sync();
  const up = await timedCpu(() => rawUpload(SSH_URI, sshEnv(), JOBS_POOL, vol, SOURCE_FILE));
  log(`[raw up ${sec(up.ms)}] `);
  if (check && !(await sameBytes(SOURCE_FILE, path.join(JOBS_POOL_DIR, vol))))
    throw new Error(`raw vol-upload: ${vol} differs from the source`);
  await deleteVolume(vol);
  await sync();
  const fifo = path.join(BENCH_DIR, 'raw-download.fifo');
  const down = await timedCpu(() => rawDownload(SSH_URI, sshEnv(), JOBS_POOL, SOURCE_VOLUME, fifo));
  log(`[raw down ${sec(down.ms)}] `);
  if (down.bytes !== GIB) throw new Error(`raw vol-download gave ${down.bytes} bytes, not ${GIB}`);
  return { up: up.ms, down: down.ms, cpuUp: up.cpu, cpuDown: down.cpu };
}

async function bffSide(i: number, check: boolean): Promise<Side> {
  const b = await startBff();
  const vol = `bff-up-${i}.raw`;
  await sync();
  const up = await timedCpu(() =>
    curlPut(b.url, `${content(vol)}?create=1&format=raw`, SOURCE_FILE, b.headers(true)),
  );
  const upFailure = uploadFailure(up.status, up.body);
  log(`[BFF up ${sec(up.ms)}${upFailure ? ' FAILED' : ''}] `);
  if (upFailure !== null) failures.upload.push(upFailure);
  else if (check && !(await sameBytes(SOURCE_FILE, path.join(JOBS_POOL_DIR, vol))))
    throw new Error(`BFF upload: ${vol} differs from the source`);
  await deleteVolume(vol);
  await sync();
  const down = await timedCpu(() => curlGet(b.url, content(SOURCE_VOLUME), b.headers()));
  log(`[BFF down ${sec(down.ms)}${down.status === 200 && down.bytes === GIB ? '' : ' FAILED'}] `);
  await stopBff();
  // A failed transfer is NaN (n/a, MISS) with the BFF's answer below the table; the other
  // figures still count.
  const downOk = down.status === 200 && down.bytes === GIB;
  if (!downOk)
    failures.download.push(
      `GET .../content: HTTP ${down.status}, ${down.bytes} bytes: ${down.body.trim()}`,
    );
  const [upMs, downMs] = [upFailure === null ? up.ms : NaN, downOk ? down.ms : NaN];
  return { up: upMs, down: downMs, cpuUp: up.cpu, cpuDown: down.cpu };
}

async function transferRound(i: number): Promise<TransferRound> {
  const bffFirst = i % 2 === 1; // flip the order so drift (cache, write-back) hits both sides
  const check = i === 0;
  const first = bffFirst ? await bffSide(i, check) : await rawSide(i, check);
  const second = bffFirst ? await rawSide(i, check) : await bffSide(i, check);
  const [b, r] = bffFirst ? [first, second] : [second, first];
  const cpu = { rawUp: r.cpuUp, bffUp: b.cpuUp, rawDown: r.cpuDown, bffDown: b.cpuDown };
  return { bffFirst, rawUpMs: r.up, bffUpMs: b.up, rawDownMs: r.down, bffDownMs: b.down, cpu };
}

async function rssRun(b: Bff): Promise<RssRun> {
  const vol = 'rss-4g.raw';
  const length = RSS_UPLOAD_GIB * GIB;
  const baselineMb = ((await readStatus(b.pid)).VmRSS ?? 0) / 1024;
  await sync();
  const sampler = new RssSampler(b.pid, 100);
  const res = await httpPut(
    b.url,
    `${content(vol)}?create=1&format=raw`,
    fileStream(SOURCE_FILE, RSS_UPLOAD_GIB),
    length,
    b.headers(true),
  );
  const peak = await sampler.stop();
  const failure = uploadFailure(res.status, res.body);
  if (failure !== null) failures.rss.push(failure);
  await deleteVolume(vol);
  return { baselineMb, ...peak, ms: res.ms, ok: failure === null };
}

async function cloneRun(b: Bff, w: JobWatcher, i: number, check: boolean): Promise<CloneRun> {
  const name = `clone-${i}.raw`;
  const target = path.join(JOBS_POOL_DIR, name);
  await sync();
  const sampler = new AllocationSampler(target, 20);
  const t0 = Date.now();
  const res = await fetch(`${b.url}${apiPaths.volumeClone(HOST_ID, JOBS_POOL, SOURCE_VOLUME)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...b.headers(true) },
    body: JSON.stringify({ name }),
  });
  const job = expectJob(res.status, await res.text(), `POST clone ${name}`);
  const final = await w.waitForEnd(job.id, 120_000);
  const ms = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 100)); // a few samples past the end
  const points = await sampler.stop();
  if (final.state !== 'succeeded')
    throw new Error(`clone ${name} ${final.state}: ${final.error?.message ?? ''}`);
  if (check && !(await sameBytes(SOURCE_FILE, target)))
    throw new Error(`clone ${name} differs from the source`);
  await deleteVolume(name);
  return { ms, points, events: w.progress.filter((e) => e.id === job.id) };
}

let cleaning: Promise<void> | null = null;
const abort = new AbortController();
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    watcher?.close();
    await bff?.stop().catch(() => bff?.killNow());
    await destroyJobsPool().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    await fs.rm(JOBS_BFF_DATA, { recursive: true, force: true });
    await fs.rmdir(BENCH_DIR).catch(() => undefined); // only if empty
  })();
  return cleaning;
}
cleanUpOnSignal(`BFF, pool ${JOBS_POOL}`, abort, cleanup, () => bff?.killNow());

async function main(): Promise<void> {
  await preflight();
  const t0 = Date.now();
  log(`creating ${JOBS_POOL} with 1 GiB of random bytes… `);
  await fs.rm(JOBS_BFF_DATA, { recursive: true, force: true });
  await createJobsPool(abort.signal);
  log(`done in ${Date.now() - t0} ms\n`);

  const rounds: TransferRound[] = [];
  for (let i = 0; i < JOBS_ROUNDS; i++) {
    abort.signal.throwIfAborted();
    log(`transfer round ${i + 1}/${JOBS_ROUNDS}… `);
    const r = await transferRound(i);
    rounds.push(r);
    const s = (ms: number) => `${(GIB / 1e6 / (ms / 1000)).toFixed(0)}`;
    log(
      `up raw ${s(r.rawUpMs)} / BFF ${s(r.bffUpMs)}, down raw ${s(r.rawDownMs)} / BFF ${s(r.bffDownMs)} MB/s\n`,
    );
    log(cpuLines(r));
  }

  log(`${RSS_UPLOAD_GIB} GiB upload on a fresh BFF… `);
  const b = await startBff();
  const rss = await rssRun(b);
  log(`VmHWM ${rss.hwmMb.toFixed(0)} MB\n`);

  const clones: CloneRun[] = [];
  for (let i = 0; i < CLONE_ROUNDS; i++) {
    abort.signal.throwIfAborted();
    log(`clone ${i + 1}/${CLONE_ROUNDS}… `);
    clones.push(await cloneRun(b, watcher!, i, i === 0));
    log(`${(clones[i]!.ms / 1000).toFixed(2)} s, ${clones[i]!.events.length} progress events\n`);
  }
  await stopBff();
  log(`bench ran ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  printJobsReport(
    await describeMachine(libvirtVersion),
    rounds,
    rss,
    clones,
    streamEvents,
    failures,
  );
}

runBench(main, abort, cleanup);
