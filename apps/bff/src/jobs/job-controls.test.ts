import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DefaultBandwidth } from './active-job.js';
import { JobEngine } from './job-engine.js';
import type { JobContext, JobControls, JobSpec } from './job-spec.js';
import { JobStore } from './job-store.js';

/** Pause, resume and limits in the engine, with a runner whose host controls are fakes. */
const silent = pino({ level: 'silent' });
let engine: JobEngine | null = null;
afterEach(() => engine?.shutdown());

function setUp(over: Partial<JobSpec> = {}, defaultBandwidth?: DefaultBandwidth) {
  const store = new JobStore(':memory:');
  engine = new JobEngine({ store, logger: silent, maxBytesMovingPerHost: 1, defaultBandwidth });
  const calls: string[] = [];
  let ctx: JobContext | null = null;
  let finish!: () => void;
  const controls: JobControls = {
    pause: () => (calls.push('pause'), Promise.resolve('fake freezer')),
    resume: () => (calls.push('resume'), Promise.resolve('fake freezer')),
    limit: (bps) => (calls.push(`limit ${bps}`), Promise.resolve('fake blkio')),
  };
  const spec = (name: string): JobSpec => ({
    hostId: 'h1',
    kind: 'volume.clone',
    target: { pool: 'p', volume: 'a.img', targetPool: null, targetVolume: name },
    params: { kind: 'volume.clone', name, format: 'raw', sourceFormat: 'raw' },
    movesBytes: true,
    cancellable: true,
    cancelNote: null,
    pausable: true,
    limitable: true,
    locks: [{ key: name, mode: 'write', label: name }],
    source: 'test',
    run: (c) => {
      ctx = c;
      c.controls(controls);
      return new Promise<void>((resolve, reject) => {
        finish = resolve;
        c.signal.addEventListener('abort', () => reject(c.signal.reason as Error));
      });
    },
    ...over,
  });
  return { engine, calls, spec, ctx: () => ctx!, finish: () => finish() };
}

describe('pause, resume, limits (job-controls.ts)', () => {
  it('paused holds the slot: the next byte mover stays queued; resume runs on; no ETA while paused', async () => {
    const { engine, calls, spec, ctx } = setUp();
    const job = engine.submit(spec('b.img'), { by: 'alice' });
    await vi.waitFor(() => expect(engine.get(job.id)?.state).toBe('running'));
    ctx().measure('test', 100);
    ctx().report(10, Date.now() - 5000);
    ctx().report(50, Date.now());
    const paused = await engine.pause(job.id, 'alice');
    expect(paused.state).toBe('paused');
    expect(paused.pauseNote).toBe('held by fake freezer');
    expect(paused.progress.rate).toBeNull();
    expect(paused.progress.timeRemaining).toBeNull();
    const next = engine.submit(spec('c.img'));
    await Promise.resolve();
    expect(engine.get(next.id)?.state).toBe('queued');
    expect((await engine.resume(job.id, 'bob')).state).toBe('running');
    expect(calls).toEqual(['pause', 'resume']);
    const events = engine.timeline(job.id)!.events;
    expect(events.filter((e) => e.type === 'paused' || e.type === 'resumed')).toEqual([
      expect.objectContaining({ type: 'paused', by: 'alice' }),
      expect.objectContaining({ type: 'resumed', by: 'bob' }),
    ]);
  });

  it('a paused job can be cancelled', async () => {
    const { engine, spec } = setUp();
    const job = engine.submit(spec('b.img'));
    await vi.waitFor(() => expect(engine.get(job.id)?.state).toBe('running'));
    await engine.pause(job.id);
    engine.cancel(job.id, { by: 'alice' });
    await vi.waitFor(() => expect(engine.get(job.id)?.state).toBe('cancelled'));
  });

  it('a limit changes live with old → new in the timeline; queued it waits for the runner', async () => {
    const { engine, calls, spec } = setUp();
    const first = engine.submit(spec('b.img'));
    const queued = engine.submit({ ...spec('c.img'), bandwidth: 10 * 1048576 });
    expect(queued.limits).toEqual({ bytesPerSecond: 10 * 1048576, enforcedBy: null });
    await vi.waitFor(() => expect(engine.get(first.id)?.state).toBe('running'));
    const later = await engine.setLimit(queued.id, 20 * 1048576, 'alice');
    expect(later.limits.bytesPerSecond).toBe(20 * 1048576);
    expect(calls).toEqual([]); // nothing on the host yet: the runner reads ctx.bandwidth()
    const limited = await engine.setLimit(first.id, 50 * 1048576, 'alice');
    expect(limited.limits).toEqual({ bytesPerSecond: 50 * 1048576, enforcedBy: 'fake blkio' });
    const lifted = await engine.setLimit(first.id, null, 'alice');
    expect(lifted.limits).toEqual({ bytesPerSecond: null, enforcedBy: null });
    expect(calls).toEqual([`limit ${50 * 1048576}`, 'limit null']);
    const messages = engine.timeline(first.id)!.events.map((e) => e.message);
    expect(messages).toContain('limit no limit → 50 MiB/s by alice');
    expect(messages).toContain('limit 50 MiB/s → no limit by alice');
  });

  it('nothing enforces it: not offered, 409 with the reason, and a bandwidth at submit refused', async () => {
    const { engine, spec } = setUp();
    const plain = { ...spec('b.img'), pausable: undefined, limitable: undefined };
    const job = engine.submit(plain);
    expect(job.pausable).toBe(false);
    expect(job.pauseNote).toMatch(/libvirt/);
    await vi.waitFor(() => expect(engine.get(job.id)?.state).toBe('running'));
    await expect(engine.pause(job.id)).rejects.toMatchObject({
      id: 'job_not_pausable',
      status: 409,
    });
    await expect(engine.setLimit(job.id, 1048576)).rejects.toMatchObject({
      id: 'job_not_limitable',
      status: 409,
    });
    expect(() =>
      engine.submit({
        ...plain,
        target: { ...plain.target, targetVolume: 'x' },
        locks: [],
        bandwidth: 1048576,
      }),
    ).toThrow(/bandwidth limit/);
  });

  it('a configured default joins the request, the smallest winning; never on unlimitable work', async () => {
    const asked: string[][] = [];
    const defaults: DefaultBandwidth = (host, pools) => {
      asked.push([host, ...pools]);
      return 30 * 1048576;
    };
    const { engine, spec } = setUp({}, defaults);
    const plain = engine.submit({ ...spec('b.img'), locks: [] });
    expect(plain.limits.bytesPerSecond).toBe(30 * 1048576);
    expect(asked[0]).toEqual(['h1', 'p']);
    const lower = engine.submit({ ...spec('c.img'), locks: [], bandwidth: 10 * 1048576 });
    expect(lower.limits.bytesPerSecond).toBe(10 * 1048576);
    const higher = engine.submit({ ...spec('d.img'), locks: [], bandwidth: 90 * 1048576 });
    expect(higher.limits.bytesPerSecond).toBe(30 * 1048576);
    const unlimitable = engine.submit({ ...spec('e.img'), locks: [], limitable: undefined });
    expect(unlimitable.limits.bytesPerSecond).toBeNull();
    // Live it may still be lifted or raised past the default.
    await vi.waitFor(() => expect(engine.get(plain.id)?.state).toBe('running'));
    expect((await engine.setLimit(plain.id, null)).limits.bytesPerSecond).toBeNull();
  });
});
