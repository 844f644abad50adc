/**
 * What the bench watches while jobs run: the BFF's socket.io events (typed with the shared
 * contract), a file's allocated bytes on the host (ground truth), and the BFF's RSS.
 */
import fs from 'node:fs/promises';
import type {
  ClientToServerEvents,
  Job,
  JobKind,
  JobProgress,
  ServerToClientEvents,
} from '@poolwatch/shared';
import { isActiveJobState } from '@poolwatch/shared';
import { io, type Socket } from 'socket.io-client';

export interface ProgressSample {
  id: string;
  kind: JobKind | null;
  receivedAt: number;
  progress: JobProgress;
}

export class JobWatcher {
  readonly progress: ProgressSample[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly waiters = new Map<string, (job: Job) => void>();

  private constructor(private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.on('job:progress', (event) => {
      // Date.now() first: the receipt time is the figure, not what the handler does after.
      const receivedAt = Date.now();
      const kind = this.jobs.get(event.id)?.kind ?? null;
      this.progress.push({ id: event.id, kind, receivedAt, progress: event.progress });
    });
    socket.on('job:updated', (job) => {
      this.jobs.set(job.id, job);
      if (!isActiveJobState(job.state)) this.waiters.get(job.id)?.(job);
    });
  }

  /** `headers`: the signed-in session's cookie (the server refuses a socket without one). */
  static connect(url: string, headers: Record<string, string>): Promise<JobWatcher> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      extraHeaders: headers,
      reconnection: false,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socket.io: no connection to ${url}`)),
        10_000,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new JobWatcher(socket));
      });
      socket.once('connect_error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** The job's final state, from `job:updated` (never throttled). */
  waitForEnd(id: string, timeoutMs: number): Promise<Job> {
    const known = this.jobs.get(id);
    if (known && !isActiveJobState(known.state)) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`job ${id} did not end within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(id, (job) => {
        clearTimeout(timer);
        this.waiters.delete(id);
        resolve(job);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

export interface Point {
  at: number;
  bytes: number;
}

/**
 * Samples the allocated bytes of `file` (st_blocks × 512, what `stat -c '%b %B'` prints)
 * every `everyMs`. A missing file counts as 0. Each sample is stamped with the midpoint of
 * the stat call: this machine is the host, so its clock is the host's.
 */
export class AllocationSampler {
  readonly points: Point[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(file: string, everyMs: number) {
    this.done = (async () => {
      while (this.running) {
        const t0 = Date.now();
        const bytes = await fs.stat(file).then(
          (s) => s.blocks * 512,
          () => 0,
        );
        const t1 = Date.now();
        this.points.push({ at: (t0 + t1) / 2, bytes });
        await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (t1 - t0))));
      }
    })();
  }

  async stop(): Promise<Point[]> {
    this.running = false;
    await this.done;
    return this.points;
  }
}

/** Linear interpolation of the ground truth at `at`; null outside the sampled span. */
export function interpolate(points: Point[], at: number): number | null {
  if (points.length === 0 || at < points[0]!.at || at > points[points.length - 1]!.at) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.at <= at) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  if (b.at === a.at) return b.bytes;
  return a.bytes + ((b.bytes - a.bytes) * (at - a.at)) / (b.at - a.at);
}

/** VmRSS sampled every `everyMs`, and VmHWM (the kernel's own peak) read on stop. */
export class RssSampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout;
  samples = 0;

  constructor(
    private readonly pid: number,
    everyMs: number,
  ) {
    this.timer = setInterval(() => {
      void readStatus(pid).then((s) => {
        this.samples += 1;
        this.peakKb = Math.max(this.peakKb, s.VmRSS ?? 0);
      });
    }, everyMs);
  }

  async stop(): Promise<{ peakRssMb: number; hwmMb: number; samples: number }> {
    clearInterval(this.timer);
    const s = await readStatus(this.pid);
    return { peakRssMb: this.peakKb / 1024, hwmMb: (s.VmHWM ?? 0) / 1024, samples: this.samples };
  }
}

export async function readStatus(pid: number): Promise<Record<string, number>> {
  const text = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^(Vm\w+):\s+(\d+) kB$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
