import { pino } from 'pino';
import type { Job } from '@poolwatch/shared';
import { describe, expect, it } from 'vitest';
import { JobEngine } from './job-engine.js';
import { MAX_SAMPLES_PER_JOB } from './job-log.js';
import type { JobSpec } from './job-spec.js';
import { JobStore } from './job-store.js';

const silent = pino({ level: 'silent' });

function stored(i: number, over: Partial<Job> = {}): Job {
  return {
    id: `job-${String(i).padStart(3, '0')}`,
    seq: 1,
    hostId: i % 2 ? 'odd' : 'even',
    kind: i % 3 ? 'volume.create' : 'volume.delete',
    target: { pool: `p${i % 4}`, volume: 'v', targetPool: null, targetVolume: null },
    state: i % 5 ? 'succeeded' : 'failed',
    progress: {
      type: 'unbounded',
      dataTotal: null,
      dataProcessed: null,
      dataRemaining: null,
      timeElapsed: 0,
      timeRemaining: null,
      rate: null,
      source: 'x',
      measuredAt: null,
    },
    cancellable: false,
    cancelNote: null,
    error: null,
    params: { kind: 'volume.delete' },
    // Pairs share a createdAt: the cursor must break the tie by id.
    createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString(),
    startedAt: null,
    endedAt: null,
    cancelledBy: null,
    startedBy: i % 2 ? 'alice' : 'bob',
    cleanup: null,
    attachedAt: null,
    origin: 'poolwatch',
    pausable: false,
    pauseNote: null,
    limits: { bytesPerSecond: null, enforcedBy: null },
    limitable: false,
    limitNote: null,
    ...over,
  };
}

function seeded(n: number): JobStore {
  const store = new JobStore(':memory:');
  for (let i = 0; i < n; i += 1) store.insert(stored(i));
  return store;
}

describe('job history pages', () => {
  it('walks every job once, newest first, with the cursor', () => {
    const store = seeded(123);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.page({ limit: 50, cursor });
      seen.push(...page.jobs.map((j) => j.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(123);
    expect(new Set(seen).size).toBe(123);
    expect(seen[0]).toBe('job-122');
    expect(seen.at(-1)).toBe('job-000');
  });

  it('filters by host, user, kind, state, pool, origin and time, and pages within the filter', () => {
    const store = seeded(120);
    const all = (options: Parameters<JobStore['page']>[0]) => store.page(options).jobs;
    expect(all({ limit: 1000, host: 'odd' }).every((j) => j.hostId === 'odd')).toBe(true);
    expect(all({ limit: 1000, user: 'alice' })).toHaveLength(60);
    expect(all({ limit: 1000, kind: 'volume.delete' })).toHaveLength(40);
    expect(all({ limit: 1000, state: 'failed' })).toHaveLength(24);
    expect(all({ limit: 1000, state: 'finished' })).toHaveLength(120);
    expect(all({ limit: 1000, pool: 'p1' })).toHaveLength(30);
    expect(all({ limit: 1000, origin: 'poolwatch' })).toHaveLength(120);
    expect(all({ limit: 1000, origin: 'external' })).toHaveLength(0);
    const from = stored(20).createdAt;
    const to = stored(40).createdAt;
    expect(all({ limit: 1000, from, to })).toHaveLength(20);
    const first = store.page({ limit: 10, user: 'bob' });
    const second = store.page({ limit: 10, user: 'bob', cursor: first.nextCursor ?? '' });
    expect(second.jobs).toHaveLength(10);
    expect(second.jobs.every((j) => j.startedBy === 'bob')).toBe(true);
    expect(second.jobs[0]!.createdAt <= first.jobs.at(-1)!.createdAt).toBe(true);
  });

  it('refuses a cursor it did not make', () => {
    expect(() => seeded(1).page({ limit: 5, cursor: 'not-a-cursor' })).toThrow(/invalid cursor/);
  });
});

describe('job timeline and samples', () => {
  it('records queued by, started, milestones, cancel with who, the end, and bounded samples', async () => {
    let t = Date.UTC(2026, 0, 1);
    const store = new JobStore(':memory:');
    const engine = new JobEngine({ store, logger: silent, now: () => t, progressIntervalMs: 0 });
    const total = 10_000_000;
    const spec: JobSpec = {
      hostId: 'h',
      kind: 'volume.clone',
      target: { pool: 'p', volume: 'a', targetPool: null, targetVolume: 'b' },
      params: { kind: 'volume.clone', name: 'b', format: 'raw', sourceFormat: 'raw' },
      movesBytes: true,
      cancellable: true,
      cancelNote: null,
      locks: [],
      source: 'waiting',
      run: (ctx) => {
        ctx.measure('test bytes', total);
        // Four samples per second for longer than the bound would allow at 1 Hz.
        for (let i = 1; i <= MAX_SAMPLES_PER_JOB * 6; i += 1) {
          t += 250;
          ctx.report(Math.floor((total * i) / (MAX_SAMPLES_PER_JOB * 8)));
        }
        return new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
        });
      },
    };
    const job = engine.submit(spec, { by: 'alice' });
    expect(job.startedBy).toBe('alice');
    await new Promise((resolve) => setTimeout(resolve, 10));
    engine.cancel(job.id, { by: 'carol' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const timeline = engine.timeline(job.id)!;
    expect(timeline.events.map((e) => e.type)).toEqual([
      'queued',
      'started',
      'progress',
      'progress',
      'progress',
      'cancel-requested',
      'ended',
    ]);
    expect(timeline.events[0]).toMatchObject({ by: 'alice', message: 'queued by alice' });
    expect(timeline.events[2]?.message).toMatch(/^25 % done/);
    expect(timeline.events[5]).toMatchObject({ by: 'carol', message: 'cancel requested by carol' });
    expect(timeline.events[6]).toMatchObject({ by: 'carol', message: 'cancelled by carol' });
    expect(timeline.samples.length).toBeGreaterThan(100);
    expect(timeline.samples.length).toBeLessThanOrEqual(MAX_SAMPLES_PER_JOB);
    const ats = timeline.samples.map((s) => s.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(engine.timeline('nope')).toBeNull();
    engine.shutdown();
    store.close();
  });
});
