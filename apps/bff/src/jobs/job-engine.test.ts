import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { pino } from 'pino';
import type { Job, JobProgress, JobState } from '@poolwatch/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, LibvirtError } from '../errors.js';
import { JobEngine } from './job-engine.js';
import {
  JobCancelledError,
  JobInterruptedError,
  lockKeys,
  type JobContext,
  type JobSpec,
} from './job-spec.js';
import { JobStore } from './job-store.js';

const T0 = Date.UTC(2025, 0, 1);
const silent = pino({ level: 'silent' });

interface Recorded {
  type: 'updated' | 'progress';
  id: string;
  seq: number;
  state: JobState | null;
  progress: JobProgress;
  at: number;
}

/** A JobSpec whose run() the test ends by hand. */
interface Controlled {
  spec: JobSpec;
  ctx: () => JobContext;
  started: () => boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function controlled(over: Partial<JobSpec> = {}): Controlled {
  let ctx: JobContext | null = null;
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const spec: JobSpec = {
    hostId: 'h1',
    kind: 'volume.clone',
    target: { pool: 'default', volume: 'a.img', targetPool: null, targetVolume: 'b.img' },
    params: { kind: 'volume.clone', name: 'b.img', format: 'qcow2', sourceFormat: 'raw' },
    movesBytes: true,
    cancellable: true,
    cancelNote: null,
    locks: [],
    source: 'waiting for the host',
    run: (c) => {
      ctx = c;
      return done;
    },
    ...over,
  };
  return {
    spec,
    ctx: () => {
      if (!ctx) throw new Error('run() was not called');
      return ctx;
    },
    started: () => ctx !== null,
    resolve,
    reject,
  };
}

const volLock = (mode: 'read' | 'write', volume = 'a.img') => ({
  key: lockKeys.volume('h1', 'default', volume),
  mode,
  label: `volume "${volume}" in pool "default"`,
});

let dir: string;
let dbPath: string;
let store: JobStore;
let engine: JobEngine;
let events: Recorded[];

function open(options: Partial<ConstructorParameters<typeof JobEngine>[0]> = {}): void {
  store = new JobStore(dbPath, silent);
  engine = new JobEngine({ store, logger: silent, ...options });
  engine.on('updated', (job) =>
    events.push({ type: 'updated', ...pick(job), state: job.state, at: Date.now() }),
  );
  engine.on('progress', (e) =>
    events.push({ type: 'progress', ...e, state: null, at: Date.now() }),
  );
}
const pick = (job: Job) => ({ id: job.id, seq: job.seq, progress: job.progress });
const flush = () => vi.advanceTimersByTimeAsync(0);
const stateOf = (id: string) => engine.get(id)?.state;
const eventsOf = (id: string, type?: Recorded['type']) =>
  events.filter((e) => e.id === id && (type === undefined || e.type === type));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  dir = mkdtempSync(join(tmpdir(), 'poolwatch-jobs-'));
  dbPath = join(dir, 'data', 'jobs.sqlite'); // parent dir does not exist yet
  events = [];
  open();
});

afterEach(() => {
  engine.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('JobEngine lifecycle', () => {
  it('goes queued -> running -> succeeded, persisting and emitting each state', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    expect(job).toMatchObject({ seq: 1, state: 'queued', hostId: 'h1', kind: 'volume.clone' });
    expect(job).toMatchObject({ startedAt: null, endedAt: null, error: null, cancellable: true });
    expect(job.params).toEqual(c.spec.params);
    expect(job.progress).toMatchObject({ source: 'waiting for the host', timeElapsed: 0 });
    expect(c.started()).toBe(false); // starts on the next microtask, not inside submit
    expect(store.get(job.id)?.state).toBe('queued');

    await flush();
    expect(c.started()).toBe(true);
    expect(stateOf(job.id)).toBe('running');
    expect(store.get(job.id)?.startedAt).toBe(new Date(T0).toISOString());

    vi.advanceTimersByTime(1000);
    c.resolve();
    await flush();
    const done = engine.get(job.id)!;
    expect(done).toMatchObject({ state: 'succeeded', error: null });
    expect(done.endedAt).toBe(new Date(T0 + 1000).toISOString());
    expect(done.progress.timeElapsed).toBe(1000);
    expect(store.get(job.id)).toEqual(done);
    expect(eventsOf(job.id, 'updated').map((e) => e.state)).toEqual([
      'queued',
      'running',
      'succeeded',
    ]);
    expect(engine.activeJobs()).toEqual([]);
  });

  it('keeps the measured figures at the end and drops timeRemaining', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().measure('stream bytes', 1000);
    c.ctx().report(0);
    vi.advanceTimersByTime(4000);
    c.ctx().report(600);
    c.resolve();
    await flush();
    expect(engine.get(job.id)?.progress).toMatchObject({
      type: 'bounded',
      dataProcessed: 600,
      dataRemaining: 400,
      timeRemaining: null,
      rate: 150,
      source: 'stream bytes',
    });
  });

  it('fails with the AppError id and message, or internal_error otherwise', async () => {
    const a = controlled();
    const b = controlled({ movesBytes: false });
    const c = controlled({
      movesBytes: false,
      run: () => {
        throw new Error('sync boom');
      },
    });
    const [ja, jb, jc] = [a, b, c].map((x) => engine.submit(x.spec));
    await flush();
    a.reject(new LibvirtError("Storage volume not found: no storage vol with matching name 'a'"));
    b.reject(new Error('oops'));
    await flush();
    expect(engine.get(ja!.id)).toMatchObject({
      state: 'failed',
      error: { id: 'libvirt_error', message: expect.stringContaining('Storage volume not found') },
    });
    expect(engine.get(jb!.id)).toMatchObject({
      state: 'failed',
      error: { id: 'internal_error', message: 'oops' },
    });
    expect(engine.get(jc!.id)).toMatchObject({
      state: 'failed',
      error: { id: 'internal_error', message: 'sync boom' },
    });
  });

  it('gives the runner a signal, a logger, and a child context per job', async () => {
    const c = controlled();
    engine.submit(c.spec);
    await flush();
    expect(c.ctx().signal.aborted).toBe(false);
    expect(typeof c.ctx().logger.info).toBe('function');
  });
});

describe('per-host concurrency', () => {
  it('runs two byte-moving jobs per host; the third waits and starts when one ends', async () => {
    const [a, b, c, d] = [controlled(), controlled(), controlled(), controlled()];
    const jobs = [a, b, c, d].map((x) => engine.submit(x.spec));
    await flush();
    expect(jobs.map((j) => stateOf(j.id))).toEqual(['running', 'running', 'queued', 'queued']);
    b.resolve();
    await flush();
    // FIFO: the oldest waiting job goes first.
    expect(jobs.map((j) => stateOf(j.id))).toEqual(['running', 'succeeded', 'running', 'queued']);
    expect(d.started()).toBe(false);
    a.reject(new Error('x'));
    await flush();
    expect(stateOf(jobs[3]!.id)).toBe('running');
  });

  it('honours maxBytesMovingPerHost', async () => {
    engine.shutdown();
    store.close();
    open({ maxBytesMovingPerHost: 1 });
    const jobs = [controlled(), controlled()].map((x) => engine.submit(x.spec));
    await flush();
    expect(jobs.map((j) => stateOf(j.id))).toEqual(['running', 'queued']);
  });

  it('never makes jobs that move no bytes wait', async () => {
    const jobs = [controlled(), controlled(), controlled()].map((x) => engine.submit(x.spec));
    const refresh = engine.submit(controlled({ movesBytes: false, kind: 'pool.refresh' }).spec);
    await flush();
    expect(stateOf(jobs[2]!.id)).toBe('queued');
    expect(stateOf(refresh.id)).toBe('running');
  });

  it('does not limit a host by the jobs of another', async () => {
    const h1 = [controlled(), controlled(), controlled()].map((x) => engine.submit(x.spec));
    const h2 = engine.submit(controlled({ hostId: 'h2' }).spec);
    await flush();
    expect(stateOf(h1[2]!.id)).toBe('queued');
    expect(stateOf(h2.id)).toBe('running');
    expect(engine.activeJobs('h2').map((j) => j.id)).toEqual([h2.id]);
    expect(engine.activeJobs('h1')).toHaveLength(3);
  });
});

describe('locks', () => {
  it.each([
    ['write', 'write'],
    ['write', 'read'],
    ['read', 'write'],
  ] as const)('refuses %s after %s on the same key, creating nothing', async (held, wanted) => {
    const first = engine.submit(controlled({ locks: [volLock(held)] }).spec);
    const before = events.length;
    let error: unknown;
    try {
      engine.submit(controlled({ locks: [volLock(wanted)] }).spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ id: 'conflict', status: 409 });
    expect((error as Error).message).toBe(
      `volume "a.img" in pool "default" is in use by job ${first.id} (volume.clone, queued)`,
    );
    expect(events.length).toBe(before);
    expect(engine.list({ limit: 10 })).toHaveLength(1);
  });

  it('allows read with read, and different keys', async () => {
    engine.submit(controlled({ locks: [volLock('read')] }).spec);
    expect(() => engine.submit(controlled({ locks: [volLock('read')] }).spec)).not.toThrow();
    expect(() =>
      engine.submit(controlled({ locks: [volLock('write', 'other.img')] }).spec),
    ).not.toThrow();
  });

  it('releases locks when a job ends or a queued job is cancelled', async () => {
    const a = controlled({ locks: [volLock('write')] });
    engine.submit(a.spec);
    await flush();
    expect(() => engine.submit(controlled({ locks: [volLock('read')] }).spec)).toThrow(/running/);
    a.resolve();
    await flush();
    const b = engine.submit(controlled({ locks: [volLock('write')] }).spec);
    engine.cancel(b.id); // still queued (same tick)
    expect(() => engine.submit(controlled({ locks: [volLock('write')] }).spec)).not.toThrow();
  });

  it('releases locks before the final event, so a listener can submit the next job', async () => {
    const a = controlled({ locks: [volLock('write')] });
    const job = engine.submit(a.spec);
    let next: Job | null = null;
    engine.on('updated', (j) => {
      if (j.id === job.id && j.state === 'succeeded') {
        next = engine.submit(controlled({ locks: [volLock('write')] }).spec);
      }
    });
    await flush();
    a.resolve();
    await flush();
    expect(next).not.toBeNull();
  });
});

describe('cancel', () => {
  it('cancels a queued job, which never runs', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    const cancelled = engine.cancel(job.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', error: null, startedAt: null });
    expect(cancelled.endedAt).not.toBeNull();
    await flush();
    expect(c.started()).toBe(false);
    expect(store.get(job.id)?.state).toBe('cancelled');
  });

  it('cancels a running job: cancelling, the runner sees the signal, then cancelled', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    const onAbort = vi.fn(() => c.reject(new JobCancelledError()));
    c.ctx().signal.addEventListener('abort', onAbort);
    const cancelling = engine.cancel(job.id);
    expect(cancelling.state).toBe('cancelling');
    expect(store.get(job.id)?.state).toBe('cancelling');
    expect(onAbort).toHaveBeenCalledOnce();
    expect(engine.cancel(job.id).state).toBe('cancelling'); // idempotent while it stops
    await flush();
    expect(engine.get(job.id)).toMatchObject({ state: 'cancelled', error: null });
    expect(eventsOf(job.id, 'updated').map((e) => e.state)).toEqual([
      'queued',
      'running',
      'cancelling',
      'cancelled',
    ]);
  });

  it('counts any rejection after abort as cancelled', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    engine.cancel(job.id);
    c.reject(new Error('virsh: stream aborted'));
    await flush();
    expect(stateOf(job.id)).toBe('cancelled');
  });

  it('refuses a job that is not cancellable with its note (409)', async () => {
    const job = engine.submit(
      controlled({ cancellable: false, cancelNote: 'libvirt cannot stop a wipe' }).spec,
    );
    await flush();
    expect(() => engine.cancel(job.id)).toThrow(
      expect.objectContaining({
        id: 'job_not_cancellable',
        status: 409,
        message: 'libvirt cannot stop a wipe',
      }),
    );
    expect(stateOf(job.id)).toBe('running');
  });

  it('refuses a finished job (409) and an unknown one (404)', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.resolve();
    await flush();
    expect(() => engine.cancel(job.id)).toThrow(
      expect.objectContaining({
        id: 'job_not_cancellable',
        status: 409,
        message: `job ${job.id} is already succeeded`,
      }),
    );
    expect(() => engine.cancel('nope')).toThrow(
      expect.objectContaining({ id: 'not_found', status: 404 }),
    );
  });
});

describe('progress events', () => {
  it('throttles to one event per 250 ms per job and delivers the last value', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().measure('stream bytes', 100_000);
    for (let i = 1; i <= 100; i++) {
      c.ctx().report(i * 997);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(300);
    const progress = eventsOf(job.id, 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.length).toBeLessThanOrEqual(6); // 1000 ms of reports + trailing
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(250);
    }
    expect(progress.at(-1)?.progress.dataProcessed).toBe(99_700);
    expect(engine.get(job.id)?.progress.dataProcessed).toBe(99_700);
  });

  it('sends the first measured byte at once, even right after a tick went out', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().measure('host probe: target fd position', 100_000);
    c.ctx().report(0); // the mover is there, nothing written yet
    vi.advanceTimersByTime(500); // the tick sends elapsed time only
    const tickAt = eventsOf(job.id, 'progress').at(-1)!.at;
    vi.advanceTimersByTime(10);
    c.ctx().report(4096);
    const first = eventsOf(job.id, 'progress').at(-1)!;
    expect(first.progress.dataProcessed).toBe(4096);
    expect(first.at - tickAt).toBe(10); // not held until the end of the 250 ms gap
    // Only the first figure: the next ones keep the 250 ms spacing.
    vi.advanceTimersByTime(10);
    c.ctx().report(8192);
    expect(eventsOf(job.id, 'progress').at(-1)!.progress.dataProcessed).toBe(4096);
    vi.advanceTimersByTime(250);
    const progress = eventsOf(job.id, 'progress');
    expect(progress.at(-1)!.progress.dataProcessed).toBe(8192);
    expect(progress.at(-1)!.at - first.at).toBeGreaterThanOrEqual(250);
  });

  it('ticks while running so timeElapsed moves with no reports at all', async () => {
    const c = controlled({ movesBytes: false });
    const job = engine.submit(c.spec);
    await flush();
    vi.advanceTimersByTime(2000);
    const elapsed = eventsOf(job.id, 'progress').map((e) => e.progress.timeElapsed);
    expect(elapsed).toEqual([500, 1000, 1500, 2000]);
    expect(eventsOf(job.id, 'progress')[0]?.progress.type).toBe('unbounded');
  });

  it('sends measure() changes with the next emission, not as updated', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    const before = eventsOf(job.id, 'updated').length;
    c.ctx().measure('host probe: qemu-img pid 42', 5000);
    expect(eventsOf(job.id, 'updated').length).toBe(before);
    vi.advanceTimersByTime(500);
    expect(eventsOf(job.id, 'progress').at(-1)?.progress.source).toBe(
      'host probe: qemu-img pid 42',
    );
  });

  it('never emits progress for a queued job', async () => {
    engine.submit(controlled().spec);
    engine.submit(controlled().spec);
    const waiting = engine.submit(controlled().spec);
    await flush();
    vi.advanceTimersByTime(5000);
    expect(stateOf(waiting.id)).toBe('queued');
    expect(eventsOf(waiting.id, 'progress')).toEqual([]);
  });

  it('never emits progress for an ended job, even if its runner still reports', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().report(10);
    vi.advanceTimersByTime(100);
    c.ctx().report(20); // trailing emission pending...
    c.resolve();
    await flush(); // ...but the job ends first
    const count = eventsOf(job.id, 'progress').length;
    c.ctx().report(30);
    vi.advanceTimersByTime(5000);
    expect(eventsOf(job.id, 'progress').length).toBe(count);
    expect(eventsOf(job.id).at(-1)?.state).toBe('succeeded');
  });

  it('keeps seq strictly increasing across updated and progress events', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().measure('stream bytes', 1000);
    for (let i = 0; i < 20; i++) {
      c.ctx().report(i * 50);
      vi.advanceTimersByTime(90);
    }
    engine.cancel(job.id);
    vi.advanceTimersByTime(600);
    c.reject(new JobCancelledError());
    await flush();
    const seqs = eventsOf(job.id).map((e) => e.seq);
    expect(seqs.length).toBeGreaterThan(8);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    expect(engine.get(job.id)?.seq).toBe(seqs.at(-1));
  });
});

describe('history and restarts', () => {
  it('lists newest first, filtered by state and host, with live figures', async () => {
    const a = controlled();
    const ja = engine.submit(a.spec);
    vi.advanceTimersByTime(10);
    const jb = engine.submit(controlled({ hostId: 'h2' }).spec);
    await flush();
    a.ctx().measure('stream bytes', 100);
    a.ctx().report(42);
    vi.advanceTimersByTime(10);
    const c = controlled();
    const jc = engine.submit(c.spec);
    await flush();
    c.resolve();
    await flush();
    expect(engine.list({ limit: 10 }).map((j) => j.id)).toEqual([jc.id, jb.id, ja.id]);
    expect(engine.list({ limit: 2 }).map((j) => j.id)).toEqual([jc.id, jb.id]);
    expect(engine.list({ limit: 10, state: 'active' }).map((j) => j.id)).toEqual([jb.id, ja.id]);
    expect(engine.list({ limit: 10, state: 'finished' }).map((j) => j.id)).toEqual([jc.id]);
    expect(engine.list({ limit: 10, hostId: 'h2' }).map((j) => j.id)).toEqual([jb.id]);
    const live = engine.list({ limit: 10 }).find((j) => j.id === ja.id);
    expect(live?.progress.dataProcessed).toBe(42);
    expect(live?.seq).toBe(eventsOf(ja.id).at(-1)?.seq);
  });

  it('lists old jobs after a restart and marks active ones interrupted', async () => {
    const done = controlled();
    const jd = engine.submit(done.spec);
    const running = controlled();
    const jr = engine.submit(running.spec);
    await flush();
    done.resolve();
    await flush();
    engine.submit(controlled().spec);
    const jq = engine.submit(controlled().spec); // third byte mover: stays queued
    await flush();
    running.ctx().report(7);
    vi.advanceTimersByTime(1000);
    await flush();
    const lastSeen = eventsOf(jr.id).at(-1)!.seq;

    engine.shutdown();
    store.close();
    vi.advanceTimersByTime(60_000);
    open();
    const after = engine.list({ limit: 10 });
    expect(after).toHaveLength(4);
    expect(after.map((j) => j.id)).toEqual(expect.arrayContaining([jd.id, jr.id, jq.id]));
    expect(engine.get(jd.id)?.state).toBe('succeeded');
    const interrupted = engine.get(jr.id)!;
    expect(interrupted).toMatchObject({
      state: 'interrupted',
      endedAt: new Date(T0 + 61_000).toISOString(),
      error: {
        id: 'job_interrupted',
        message:
          'Poolwatch stopped while this job was running; what the host did after that is unknown: check the target',
      },
    });
    expect(interrupted.seq).toBe(lastSeen + 1);
    expect(engine.get(jq.id)?.error?.message).toContain('while this job was queued');
    expect(engine.activeJobs()).toEqual([]);
    expect(() => engine.cancel(jr.id)).toThrow(/already interrupted/);
  });

  it('skips a corrupt row instead of failing the whole list', async () => {
    const job = engine.submit(controlled({ movesBytes: false }).spec);
    const raw = new Database(dbPath);
    raw
      .prepare(
        `INSERT INTO jobs (id, seq, host_id, kind, state, created_at, ended_at, body)
         VALUES ('bad1', 1, 'h1', 'volume.clone', 'succeeded', '2030-01-01', NULL, '{not json'),
                ('bad2', 1, 'h1', 'volume.clone', 'running', '2030-01-01', NULL, '{"id":"bad2"}')`,
      )
      .run();
    raw.close();
    expect(engine.list({ limit: 10 }).map((j) => j.id)).toEqual([job.id]);
    expect(store.get('bad1')).toBeNull();
    expect(() => store.markInterrupted(new Date())).not.toThrow();
  });
});

describe('JobEngine: who cancelled, recorded handles, interrupted jobs to reconcile', () => {
  it("a user's cancel records who; a cancel with a reason records why", async () => {
    const byUser = controlled();
    const gone = controlled();
    const a = engine.submit(byUser.spec);
    const b = engine.submit(gone.spec);
    await flush();
    engine.cancel(a.id, { by: 'alice' });
    engine.cancel(b.id, { reason: { id: 'client_gone', message: 'the client went away' } });
    byUser.reject(new JobCancelledError());
    gone.reject(new JobCancelledError());
    await flush();
    expect(engine.get(a.id)).toMatchObject({
      state: 'cancelled',
      cancelledBy: 'alice',
      error: null,
    });
    expect(engine.get(b.id)).toMatchObject({
      state: 'cancelled',
      cancelledBy: null,
      error: { id: 'client_gone' },
    });
  });

  it('keeps recorded handles across a restart: the job is interrupted with its clean-up pending', async () => {
    const c = controlled();
    const plain = controlled();
    const job = engine.submit(c.spec);
    const other = engine.submit(plain.spec);
    await flush();
    const handle = {
      kind: 'host-process',
      comm: 'dd',
      argvEntry: 'of=/p/b.img',
      what: 'copy: dd',
    } as const;
    c.ctx().record(handle);
    engine.shutdown();
    store.close();
    open();
    expect(engine.get(job.id)).toMatchObject({
      state: 'interrupted',
      cleanup: { state: 'pending' },
    });
    expect(engine.get(other.id)).toMatchObject({
      state: 'interrupted',
      cleanup: { state: 'done' },
    });
    const pending = engine.pendingCleanups('h1');
    expect(pending.map((p) => p.job.id)).toEqual([job.id]);
    expect(pending[0]!.handles).toEqual([handle]);
    engine.settleCleanup(
      pending[0]!.job,
      {
        state: 'done',
        at: new Date().toISOString(),
        cleaned: ['stopped dd (pid 1) on the host'],
        error: null,
      },
      'cleaned up: stopped dd',
    );
    expect(engine.pendingCleanups('h1')).toEqual([]);
    expect(engine.get(job.id)).toMatchObject({
      cleanup: { state: 'done', cleaned: ['stopped dd (pid 1) on the host'] },
      error: { id: 'job_interrupted', message: 'cleaned up: stopped dd' },
    });
  });

  it('interruptAll (SIGTERM) detaches running jobs: what their runners do next is not recorded', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().record({ kind: 'local-process', pid: 1, argv: ['virsh'], what: 'virsh vol-upload' });
    expect(engine.interruptAll().map((j) => j.id)).toEqual([job.id]);
    c.reject(new Error('the host process was killed'));
    await flush();
    expect(engine.get(job.id)).toMatchObject({
      state: 'interrupted',
      cleanup: { state: 'pending' },
    });
    expect(engine.pendingCleanups('h1')).toHaveLength(1);
  });

  it('adds its columns to a jobs.sqlite of an older release, keeping its history', () => {
    engine.shutdown();
    store.close();
    rmSync(dbPath);
    const raw = new Database(dbPath);
    raw.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, host_id TEXT NOT NULL,
      kind TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, ended_at TEXT, body TEXT NOT NULL)`);
    const old = { ...controlled().spec, id: 'old1' };
    const body = JSON.stringify({
      id: 'old1',
      seq: 3,
      hostId: 'h1',
      kind: old.kind,
      target: old.target,
      state: 'succeeded',
      progress: {
        type: 'unbounded',
        dataTotal: null,
        dataProcessed: null,
        dataRemaining: null,
        timeElapsed: 0,
        timeRemaining: null,
        rate: null,
        source: 'x',
      },
      cancellable: true,
      cancelNote: null,
      error: null,
      params: {},
      createdAt: '2024-01-01',
      startedAt: null,
      endedAt: '2024-01-01',
    });
    raw
      .prepare(
        `INSERT INTO jobs VALUES ('old1', 3, 'h1', 'volume.clone', 'succeeded', '2024-01-01', '2024-01-01', ?)`,
      )
      .run(body);
    raw.close();
    open();
    expect(engine.get('old1')).toMatchObject({
      state: 'succeeded',
      cancelledBy: null,
      cleanup: null,
      attachedAt: null,
    });
    const job = engine.submit(controlled().spec);
    expect(engine.get(job.id)?.state).toBe('queued');
  });
});

describe('JobEngine: detached host-side work survives a restart and is re-adopted', () => {
  const work = {
    kind: 'detached-work' as const,
    op: 'copy',
    source: 'host probe: dd',
    total: 100,
    after: [],
  };

  it('keeps a running detached job active at start (locks and slot held), then adopts it', async () => {
    const c = controlled({ locks: [volLock('write')], movesBytes: true });
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().record(work);
    c.ctx().attached();
    // The BFF dies: a new engine on the same store.
    engine.shutdown();
    open({ maxBytesMovingPerHost: 1 });
    expect(engine.get(job.id)).toMatchObject({ state: 'running' });
    expect(engine.awaitingAttach('h1').map((p) => p.job.id)).toEqual([job.id]);
    // Its locks are held again: a writer of the same volume is refused.
    expect(() => engine.submit(controlled({ locks: [volLock('read')] }).spec)).toThrow(/in use/);
    // Its slot too: another byte mover waits.
    const next = engine.submit(controlled({ locks: [volLock('write', 'c.img')] }).spec);
    await flush();
    expect(engine.get(next.id)?.state).toBe('queued');
    const again = controlled();
    expect(engine.adopt(job.id, again.spec.run)).toBe(true);
    expect(engine.adopt(job.id, again.spec.run)).toBe(false); // once only
    await flush();
    again.ctx().attached();
    again.ctx().report(100);
    again.resolve();
    await flush();
    expect(engine.get(job.id)).toMatchObject({
      state: 'succeeded',
      attachedAt: expect.any(String),
    });
    expect(engine.get(next.id)?.state).toBe('running');
  });

  it('interruptAll (SIGTERM) leaves detached work running; other jobs are interrupted', async () => {
    const detached = controlled();
    const attachedJob = engine.submit(detached.spec);
    const plain = controlled({ locks: [volLock('write', 'x.img')] });
    const plainJob = engine.submit(plain.spec);
    await flush();
    detached.ctx().record(work);
    plain
      .ctx()
      .record({ kind: 'local-process', pid: 1, argv: ['virsh'], what: 'virsh vol-upload' });
    expect(engine.interruptAll().map((j) => j.id)).toEqual([plainJob.id]);
    expect(store.get(attachedJob.id)?.state).toBe('running');
    open();
    expect(engine.get(attachedJob.id)?.state).toBe('running');
    expect(engine.get(plainJob.id)?.state).toBe('interrupted');
  });

  it('a re-adopted runner whose work is gone ends interrupted with what it cleaned', async () => {
    const c = controlled();
    const job = engine.submit(c.spec);
    await flush();
    c.ctx().record(work);
    engine.shutdown();
    open();
    engine.adopt(job.id, () =>
      Promise.reject(new JobInterruptedError('work gone', ['deleted the partial target'])),
    );
    await flush();
    expect(engine.get(job.id)).toMatchObject({
      state: 'interrupted',
      error: { id: 'job_interrupted', message: 'work gone' },
      cleanup: { state: 'done', cleaned: ['deleted the partial target'] },
    });
    expect(engine.pendingCleanups('h1')).toEqual([]);
  });
});
