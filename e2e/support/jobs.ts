/**
 * Storage-job helpers: big test files, host ground truth (allocated bytes, who holds a
 * file open), jobs by API, and a recorder of what the browser showed for each job row.
 * `request` is Playwright's fixture: it carries the admin's cookie from the storageState
 * globalSetup saved; mutations add the session's CSRF token (csrfHeaders).
 * Host checks read /proc directly: the sandbox "host" is this machine.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { routes, type Job, type JobKind } from '@poolwatch/shared';
import { api, send } from './api.js';
import { csrfHeaders } from './auth.js';
import { POOLS_ROOT } from './env.js';
import { untilBffLists, uniqueName } from './pools.js';
import { cssEscape, volumeRow } from './ui.js';
import { virsh } from './virsh.js';

const execFileP = promisify(execFile);

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
const CHUNK = 64 * MiB;

/** Writes `bytes` of random data (fresh per chunk) or of "y\n" (compressible, non-zero). */
export async function writeFilled(file: string, bytes: number, fill: 'random' | 'yes') {
  const fh = await fs.open(file, 'wx');
  try {
    const buf = Buffer.alloc(Math.min(CHUNK, bytes));
    if (fill === 'yes') buf.fill('y\n');
    for (let at = 0; at < bytes; at += buf.length) {
      if (fill === 'random') randomFillSync(buf);
      const n = Math.min(buf.length, bytes - at);
      await fh.write(buf, 0, n, at);
    }
  } finally {
    await fh.close();
  }
}

/** A fully allocated file (unwritten extents) without writing it. */
export async function writeAllocated(file: string, bytes: number) {
  await execFileP('fallocate', ['-l', String(bytes), '--', file]);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A scratch directory below POOLS_ROOT (so globalSetup sweeps it after a crash). */
export async function scratchDir(prefix: string): Promise<string> {
  const dir = path.join(POOLS_ROOT, uniqueName(prefix));
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** sha256 of the volume's bytes as libvirt streams them (`virsh vol-download`). */
export async function volumeSha256(pool: string, volume: string, scratch: string) {
  const file = path.join(scratch, uniqueName('vol-download'));
  try {
    await virsh('vol-download', '--pool', pool, '--', volume, file);
    return await sha256File(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Makes libvirt (and then the BFF) see files written behind its back. */
export async function refreshPool(pool: string, volumeCount: number) {
  await virsh('pool-refresh', '--pool', pool);
  await untilBffLists(pool, volumeCount);
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

// ---- ground truth on the host ---------------------------------------------------------

export interface TruthSample {
  at: number;
  bytes: number;
}

/**
 * Samples a file's allocated bytes (st_blocks * 512, as `stat -c '%b %B'`) every ~30 ms with
 * Date.now(), in a process of its own so the test runner's event loop cannot delay samples.
 */
export class AllocationSampler {
  readonly samples: TruthSample[] = [];
  private child: ChildProcess | null = null;

  constructor(private readonly file: string) {}

  async start(): Promise<void> {
    const script = `
      const fs = require('node:fs');
      const file = process.argv[1];
      const tick = () => {
        try { const st = fs.statSync(file); process.stdout.write(Date.now() + ' ' + st.blocks * 512 + '\\n'); } catch {}
      };
      setInterval(tick, 30);
      process.stdin.on('end', () => process.exit(0)).resume();
      process.stdout.write('ready\\n');`;
    const child = spawn(process.execPath, ['-e', script, this.file], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child = child;
    let buffered = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'ready') resolve();
          const [at, bytes] = line.split(' ').map(Number);
          if (at !== undefined && bytes !== undefined && !Number.isNaN(bytes))
            this.samples.push({ at, bytes });
        }
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.stdin?.end();
    await once(child, 'exit');
  }

  /** Linear interpolation at `at`; null outside the sampled span. */
  at(at: number): { bytes: number; gapMs: number } | null {
    const s = this.samples;
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1]!;
      const b = s[i]!;
      if (a.at <= at && at <= b.at) {
        const f = b.at === a.at ? 0 : (at - a.at) / (b.at - a.at);
        return { bytes: a.bytes + f * (b.bytes - a.bytes), gapMs: b.at - a.at };
      }
    }
    return null;
  }
}

/**
 * Scanner run in a process of its own (the test runner's event loop is busy driving the
 * browser): prints one JSON line per pass, {s, e, h}: start and end (epoch ms) of the pass
 * and what it found holding the file: processes with an fd open on it (/proc/<pid>/fd
 * symlinks), and dd/qemu-img/scrub processes naming it in their argv.
 */
const HOLDER_SCAN = `
const fs = require('node:fs/promises');
const file = process.argv[1];
const MOVERS = new Set(['dd', 'qemu-img', 'scrub']);
async function pass() {
  const found = [];
  const pids = (await fs.readdir('/proc')).filter((p) => /^\\d+$/.test(p) && p !== String(process.pid));
  await Promise.all(pids.map(async (pid) => {
    const comm = (await fs.readFile('/proc/' + pid + '/comm', 'utf8').catch(() => '')).trim();
    if (MOVERS.has(comm)) {
      const argv = (await fs.readFile('/proc/' + pid + '/cmdline', 'utf8').catch(() => '')).split('\\0');
      if (argv.some((a) => a === file || a.endsWith('=' + file))) found.push(pid + ' ' + comm + ' argv');
    }
    const fds = await fs.readdir('/proc/' + pid + '/fd').catch(() => []);
    await Promise.all(fds.map(async (fd) => {
      const link = await fs.readlink('/proc/' + pid + '/fd/' + fd).catch(() => '');
      if (link === file || link === file + ' (deleted)') found.push(pid + ' ' + comm + ' fd');
    }));
  }));
  return found.sort();
}
let stop = false;
process.stdin.on('end', () => { stop = true; }).resume();
(async () => {
  while (!stop) {
    const s = Date.now();
    const h = await pass();
    process.stdout.write(JSON.stringify({ s, e: Date.now(), h }) + '\\n');
    await new Promise((r) => setTimeout(r, 5));
  }
  process.exit(0);
})();`;

interface HolderPass {
  s: number;
  e: number;
  h: string[];
}

export interface QuietResult {
  /** End of the first pass that began after `since` and found nothing, minus `since`. */
  ms: number;
  /** Start of the last pass that still found a holder, minus `since` (a lower bound). */
  lastBusyMs: number | null;
  /** How the set of holders changed: "<ms from since>: <holders>". */
  timeline: string[];
}

/** Watches who holds a file on the host, continuously, from before a cancel to after. */
export class HolderWatch {
  readonly passes: HolderPass[] = [];
  private child: ChildProcess | null = null;

  constructor(private readonly file: string) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['-e', HOLDER_SCAN, this.file], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child = child;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line) this.passes.push(JSON.parse(line) as HolderPass);
    });
    await this.until((p) => p.length > 0, 10_000);
  }

  /** Holders seen by the latest pass. */
  latest(): string[] {
    return this.passes.at(-1)?.h ?? [];
  }

  async until(done: (passes: HolderPass[]) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.passes)) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  /** Waits for a quiet pass begun after `since` (gives up after giveUpMs: ms is then -1). */
  async quietAfter(since: number, giveUpMs = 10_000): Promise<QuietResult> {
    const quiet = (p: HolderPass) => p.s >= since && p.h.length === 0;
    await this.until((passes) => passes.some(quiet), giveUpMs);
    const first = this.passes.find(quiet);
    const busy = this.passes.filter((p) => p.h.length > 0 && (!first || p.s < first.s)).at(-1);
    const timeline: string[] = [];
    let previous = '';
    for (const p of this.passes) {
      if (p.s < since - 1000) continue;
      const now = p.h.join('; ') || 'nothing';
      if (now !== previous) timeline.push(`${p.s - since} ms: ${now}`);
      previous = now;
    }
    return {
      ms: first ? first.e - since : -1,
      lastBusyMs: busy ? busy.s - since : null,
      timeline,
    };
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    child.stdin?.end();
    await once(child, 'exit');
  }
}

// ---- jobs through the API -------------------------------------------------------------

export function listJobs(request: APIRequestContext): Promise<Job[]> {
  return api(request, routes.jobs, { query: { limit: 200 } });
}

export function getJob(request: APIRequestContext, id: string): Promise<Job> {
  return api(request, routes.job, { params: { id } });
}

/** The one job of this kind on this volume (source or target), as soon as it exists. */
export async function findJob(
  request: APIRequestContext,
  kind: JobKind,
  pool: string,
  volume: string,
  /** Only jobs created since then (epoch ms): earlier tests may have used the same volume. */
  since = 0,
  timeoutMs = 10_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hits = (await listJobs(request)).filter(
      (j) =>
        j.kind === kind &&
        Date.parse(j.createdAt) >= since &&
        ((j.target.pool === pool && j.target.volume === volume) ||
          ((j.target.targetPool ?? j.target.pool) === pool && j.target.targetVolume === volume)),
    );
    if (hits.length > 1) throw new Error(`${hits.length} ${kind} jobs on ${volume}`);
    if (hits[0]) return hits[0];
    if (Date.now() > deadline) throw new Error(`no ${kind} job on ${pool}/${volume}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitJobEnd(request: APIRequestContext, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(request, id);
    if (!['queued', 'running', 'cancelling'].includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- the UI ---------------------------------------------------------------------------

export const jobRow = (page: Page, id: string): Locator =>
  page.getByTestId('jobs-panel').locator(`[data-testid="job-row"][data-job-id="${cssEscape(id)}"]`);

/** Opens a volume row's actions menu and picks one item. */
export async function volumeAction(page: Page, volume: string, action: string) {
  await volumeRow(page, volume).getByTestId('volume-actions').click();
  await page.getByRole('menu').getByTestId(`action-${action}`).click();
}

/** data-processed of a job row's bar (NaN when none). */
export async function processedOf(row: Locator): Promise<number> {
  const bar = row.getByTestId('job-progress');
  if ((await bar.count()) === 0) return NaN;
  const raw = await bar.getAttribute('data-processed');
  return raw && /^\d+$/.test(raw) ? Number(raw) : NaN;
}

export interface ShownProgress {
  id: string;
  /** performance.timeOrigin + performance.now() when the DOM changed. */
  t: number;
  state: string | null;
  processed: string | null;
  total: string | null;
  measuredAt: string | null;
  valueNow: string | null;
  valueText: string | null;
  /** GET /api/jobs/:id fetched at once, when the bar has no data-measured-at. */
  api?: { processed: number | null; measuredAt: number | null; t: number };
}

/**
 * Records every change of every job row of the jobs panel (state and bar attributes), with
 * the browser's clock, from a MutationObserver: no polling gap can hide a value.
 */
export async function recordJobRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Rec = ShownProgress;
    const w = window as unknown as { __pwJobs?: Rec[] };
    if (w.__pwJobs) return;
    const recs: Rec[] = [];
    w.__pwJobs = recs;
    const last = new Map<string, string>();
    const scan = () => {
      const t = performance.timeOrigin + performance.now();
      const panel = document.querySelector('[data-testid="jobs-panel"]');
      for (const row of panel?.querySelectorAll('[data-testid="job-row"]') ?? []) {
        const id = row.getAttribute('data-job-id') ?? '';
        const bar = row.querySelector('[data-testid="job-progress"]');
        const rec: Rec = {
          id,
          t,
          state: row.getAttribute('data-job-state'),
          processed: bar?.getAttribute('data-processed') ?? null,
          total: bar?.getAttribute('data-total') ?? null,
          measuredAt: bar?.getAttribute('data-measured-at') ?? null,
          valueNow: bar?.getAttribute('aria-valuenow') ?? null,
          valueText: bar?.getAttribute('aria-valuetext') ?? null,
        };
        const key = JSON.stringify({ ...rec, t: 0 });
        if (last.get(id) === key) continue;
        last.set(id, key);
        recs.push(rec);
        if (bar && !bar.hasAttribute('data-measured-at') && rec.processed) {
          void fetch(`/api/jobs/${encodeURIComponent(id)}`)
            .then((r) => r.json())
            .then(
              (job: { progress: { dataProcessed: number | null; measuredAt: number | null } }) => {
                rec.api = {
                  processed: job.progress.dataProcessed,
                  measuredAt: job.progress.measuredAt,
                  t: performance.timeOrigin + performance.now(),
                };
              },
            );
        }
      }
    };
    new MutationObserver(scan).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: [
        'data-job-state',
        'data-processed',
        'data-total',
        'data-measured-at',
        'aria-valuenow',
        'aria-valuetext',
      ],
    });
    scan();
  });
}

export async function shownFor(page: Page, id: string): Promise<ShownProgress[]> {
  const all = await page.evaluate(
    () => (window as unknown as { __pwJobs?: ShownProgress[] }).__pwJobs ?? [],
  );
  return all.filter((r) => r.id === id);
}

/** Distinct data-processed values strictly between 0 and the total. */
export function intermediateValues(recs: ShownProgress[]): number[] {
  const values = new Set<number>();
  for (const r of recs) {
    if (!r.processed || !r.total) continue;
    const p = Number(r.processed);
    if (p > 0 && p < Number(r.total)) values.add(p);
  }
  return [...values];
}

/** Cleanup after a failed test: cancels what still runs on these pools and waits for it. */
export async function settleJobsOn(request: APIRequestContext, pools: string[]): Promise<void> {
  const mine = (j: Job) =>
    pools.includes(j.target.pool) || pools.includes(j.target.targetPool ?? '');
  const active = (await listJobs(request)).filter(
    (j) => mine(j) && ['queued', 'running', 'cancelling'].includes(j.state),
  );
  const headers = active.length ? await csrfHeaders(request) : {};
  for (const job of active) {
    if (job.cancellable)
      await send(request, routes.jobCancel, { params: { id: job.id } }, { headers }).catch(
        () => null,
      );
    await waitJobEnd(request, job.id, 60_000).catch(() => null);
  }
}

/** Waits for the job the UI just started to show `state` in the jobs panel. */
export async function expectJobEnds(
  page: Page,
  request: APIRequestContext,
  what: { kind: JobKind; pool: string; volume: string; since: number },
  state: Job['state'] = 'succeeded',
  timeout = 30_000,
): Promise<Job> {
  const job = await findJob(request, what.kind, what.pool, what.volume, what.since);
  await expect(jobRow(page, job.id)).toHaveAttribute('data-job-state', state, { timeout });
  return job;
}

/** The 1 GiB random source: the demo pool's when present, else one written into `pool`. */
export async function randomGiBSource(pool: {
  name: string;
  file(volume: string): string;
}): Promise<{ pool: string; volume: string }> {
  const demo = await volInfoOrNull('demo-golden', 'random-1g.raw');
  if (demo && demo.capacity === GiB && demo.allocation >= GiB)
    return { pool: 'demo-golden', volume: 'random-1g.raw' };
  await writeFilled(pool.file('random-1g.raw'), GiB, 'random');
  await refreshPool(pool.name, 1);
  return { pool: pool.name, volume: 'random-1g.raw' };
}

async function volInfoOrNull(pool: string, volume: string) {
  const xml = await virsh('vol-dumpxml', '--pool', pool, '--', volume).catch(() => null);
  if (!xml) return null;
  const capacity = Number(/<capacity[^>]*>(\d+)</.exec(xml)?.[1]);
  const allocation = Number(/<allocation[^>]*>(\d+)</.exec(xml)?.[1]);
  return { capacity, allocation };
}
