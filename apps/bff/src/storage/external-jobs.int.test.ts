import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { apiPaths, type Job, type JobProgress } from '@poolwatch/shared';
import {
  api,
  GiB,
  interpolate,
  startStack,
  writeRandomFile,
  type Sample,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * Work started with plain virsh (someone else at a terminal), never through Poolwatch:
 * it must show up as `origin: external` jobs whose figures match what the test itself reads
 * from /proc (libvirtd's fdinfo for the in-daemon copy, scrub's io for a wipe).
 */
/**
 * libvirt copies a raw volume inside its daemon from the page cache: 2 GiB takes about 2 s
 * on an idle machine, about as long as a job needs to be seen (two 1 s scans), so the source
 * is 6 GiB: the copy is still running, and advancing, while the test watches.
 */
const CLONE_BYTES = 6 * GiB;
const SRC = 'ext source.raw'; // CLONE_BYTES of random bytes
/** nnsa = 4 passes: 8 GiB of scrub's I/O, long enough to watch and cancel on an idle machine. */
const WIPE_BYTES = 2 * GiB;
const WIPE = 'ext wipe.raw';

const daemonPid = () =>
  Number(readFileSync(process.env.POOLWATCH_TEST_LIBVIRTD_PIDFILE!, 'utf8').trim());

/** Samples `read()` every 20 ms with Date.now() timestamps, until stopped. */
function sampleTruth(read: () => number | null) {
  const samples: Sample[] = [];
  const timer = setInterval(() => {
    const bytes = read();
    if (bytes !== null) samples.push({ at: Date.now(), bytes });
  }, 20);
  return { samples, stop: () => clearInterval(timer) };
}

/** libvirtd's fdinfo pos on `path` (the fd it writes through), null when none is open. */
function daemonPos(path: string): number | null {
  const pid = daemonPid();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== path) continue;
      const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
      const flags = Number.parseInt(/flags:\s+(\d+)/.exec(info)![1]!, 8);
      if ((flags & 3) === 0) continue; // the read side
      return Number(/pos:\s+(\d+)/.exec(info)![1]);
    } catch {
      // closed meanwhile
    }
  }
  return null;
}

/** libvirtd's scrub child working on `path`: its pid, from /proc (ppid + exact argv). */
function scrubOf(path: string): number | null {
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'scrub') continue;
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv.includes(path)) return Number(d);
    } catch {
      // gone
    }
  }
  return null;
}

function ioOf(pid: number): number | null {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return Number(/rchar: (\d+)/.exec(io)![1]) + Number(/wchar: (\d+)/.exec(io)![1]);
  } catch {
    return null;
  }
}

function plainVirsh(...args: string[]): { child: ChildProcess; exit: Promise<number | null> } {
  const child = spawn('virsh', ['-c', 'qemu:///system', ...args], { stdio: 'ignore' });
  return { child, exit: new Promise((resolve) => child.on('close', (code) => resolve(code))) };
}

async function activeExternal(stack: Stack, kind: Job['kind']): Promise<Job[]> {
  const reply = await api<Job[]>(stack, 'GET', `${apiPaths.jobs()}?state=active`);
  expect(reply.status).toBe(200);
  return reply.body.filter((j) => j.origin === 'external' && j.kind === kind);
}

/** Every progress event of the job compared with the truth at its measuredAt. */
function compare(stack: Stack, id: string, samples: Sample[]) {
  const events: JobProgress[] = stack.events.progress
    .filter((e) => e.event.id === id)
    .map((e) => e.event.progress)
    .filter((p) => p.type === 'bounded' && p.measuredAt !== null && p.dataProcessed !== null);
  return events.flatMap((p) => {
    const truth = interpolate(samples, p.measuredAt!);
    return truth === null ? [] : [{ reported: p.dataProcessed!, truth, total: p.dataTotal! }];
  });
}

describe('jobs started outside Poolwatch', () => {
  let stack: Stack;
  let pool: TestPool;
  const path = (name: string) => join(pool.dir, name);

  beforeAll(async () => {
    pool = createTestPool('external');
    virsh('vol-create-as', pool.name, SRC, String(CLONE_BYTES), '--format', 'raw');
    await writeRandomFile(path(SRC), CLONE_BYTES);
    virsh('vol-create-as', pool.name, WIPE, String(WIPE_BYTES), '--format', 'raw');
    await writeRandomFile(path(WIPE), WIPE_BYTES);
    virsh('pool-refresh', '--', pool.name);
    stack = await startStack();
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    pool?.destroy();
  });

  test('virsh vol-clone of 6 GiB raw: an external clone job, fdinfo-exact progress, gone when done', async () => {
    const dst = 'ext clone.raw';
    const truth = sampleTruth(() => daemonPos(path(dst)));
    const clone = plainVirsh('vol-clone', '--pool', pool.name, SRC, dst);
    let job: Job | undefined;
    try {
      await vi.waitFor(
        async () => {
          [job] = await activeExternal(stack, 'volume.clone');
          expect(job).toBeDefined();
        },
        { timeout: 15_000, interval: 200 },
      );
      expect(job!.target).toMatchObject({ pool: pool.name, volume: SRC, targetVolume: dst });
      expect(job!.cancellable).toBe(false);
      expect(job!.cancelNote).toMatch(/inside its daemon/);
      expect(await clone.exit).toBe(0);
      await vi.waitFor(
        async () => expect(await activeExternal(stack, 'volume.clone')).toHaveLength(0),
        { timeout: 15_000, interval: 200 },
      );
    } finally {
      truth.stop();
    }
    const ended = (await api<Job>(stack, 'GET', apiPaths.job(job!.id))).body;
    expect(ended.state).toBe('ended');
    expect(ended.origin).toBe('external');
    const compared = compare(stack, job!.id, truth.samples);
    const values = new Set(compared.map((c) => c.reported));
    console.info(
      `[external] clone 6 GiB: ${compared.length} figures vs ${truth.samples.length} fdinfo samples, ` +
        `max error ${Math.max(...compared.map((c) => Math.abs(c.reported - c.truth) / c.total)) * 100}%`,
    );
    expect(values.size).toBeGreaterThanOrEqual(2); // it advanced while we watched
    for (const c of compared) {
      expect(c.total).toBe(CLONE_BYTES);
      expect(Math.abs(c.reported - c.truth)).toBeLessThanOrEqual(0.02 * c.total);
    }
  }, 180_000);

  test('virsh vol-wipe --algorithm nnsa: an external wipe job, io-exact progress; Cancel stops scrub', async () => {
    const wipe = plainVirsh('vol-wipe', '--pool', pool.name, WIPE, '--algorithm', 'nnsa');
    let scrub: number | null = null;
    let job: Job | undefined;
    await vi.waitFor(
      async () => {
        scrub ??= scrubOf(path(WIPE));
        [job] = await activeExternal(stack, 'volume.wipe');
        expect(job).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(scrub).not.toBeNull();
    const truth = sampleTruth(() => ioOf(scrub!));
    expect(job!.target).toMatchObject({ pool: pool.name, volume: WIPE });
    expect(job!.cancellable).toBe(true);
    expect(job!.progress.dataTotal).toBe(4 * WIPE_BYTES);
    try {
      // Several figures first, then cancel.
      await vi.waitFor(
        () =>
          expect(
            new Set(compare(stack, job!.id, truth.samples).map((c) => c.reported)).size,
          ).toBeGreaterThanOrEqual(2),
        { timeout: 30_000, interval: 100 },
      );
    } finally {
      truth.stop();
    }
    const compared = compare(stack, job!.id, truth.samples);
    for (const c of compared) {
      expect(Math.abs(c.reported - c.truth)).toBeLessThanOrEqual(0.02 * c.total);
    }
    const cancel = await api<Job>(stack, 'POST', apiPaths.jobCancel(job!.id));
    expect(cancel.status).toBe(202);
    expect(await wipe.exit).not.toBe(0); // libvirt fails the call: scrub was killed
    await vi.waitFor(() => expect(existsSync(`/proc/${scrub!}`)).toBe(false), { timeout: 15_000 });
    await vi.waitFor(
      async () =>
        expect((await api<Job>(stack, 'GET', apiPaths.job(job!.id))).body.state).toBe('cancelled'),
      { timeout: 15_000, interval: 200 },
    );
    console.info(
      `[external] nnsa wipe: ${compared.length} figures compared with scrub's io, then cancelled`,
    );
  }, 180_000);
});
