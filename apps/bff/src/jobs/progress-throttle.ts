import type { Job, JobProgressEvent } from '@poolwatch/shared';
import type { ActiveJob } from './active-job.js';

interface ThrottleDeps {
  intervalMs: number;
  now: () => number;
  /** Still the engine's active job, and the engine not stopped. */
  live: (entry: ActiveJob) => boolean;
  persist: (job: Job) => void;
  emit: (event: JobProgressEvent) => void;
  /** After each emitted figure: the job's timeline may keep it as a progress sample. */
  sampled: (entry: ActiveJob) => void;
}

/**
 * Progress events of one engine: at most one per interval per job, the last one of a burst
 * sent at the end of the gap (trailing), so a client always ends on the freshest figure.
 */
export class ProgressThrottle {
  constructor(private readonly deps: ThrottleDeps) {}

  /**
   * Emit now if the last emission is old enough, else once at the end of the gap.
   * `firstFigure`: the job's first measured byte goes out at once, even inside a gap (a tick
   * with elapsed time only may just have gone out): that is what "the job started" means to
   * a client, and it happens once per job.
   */
  request(entry: ActiveJob, firstFigure = false): void {
    if (!this.deps.live(entry)) return;
    if (firstFigure) {
      if (entry.trailing !== null) clearTimeout(entry.trailing);
      entry.trailing = null;
      this.emitNow(entry);
      return;
    }
    if (entry.trailing !== null) return;
    const wait = entry.lastEmitMs + this.deps.intervalMs - this.deps.now();
    if (wait <= 0) {
      this.emitNow(entry);
      return;
    }
    entry.trailing = setTimeout(() => {
      entry.trailing = null;
      this.emitNow(entry);
    }, wait);
  }

  private emitNow(entry: ActiveJob): void {
    const { job } = entry;
    if (job.state !== 'running' && job.state !== 'cancelling') return;
    if (!this.deps.live(entry)) return;
    entry.lastEmitMs = this.deps.now();
    const progress = entry.meter.snapshot(entry.lastEmitMs, entry.startedAtMs);
    entry.job = { ...job, progress, seq: job.seq + 1 };
    // Persisting every event (≤ 4 Hz per job, WAL) keeps seq monotonic across a restart:
    // an `interrupted` job must carry a seq above the last one clients saw.
    this.deps.persist(entry.job);
    this.deps.sampled(entry);
    this.deps.emit({ id: job.id, seq: entry.job.seq, progress: structuredClone(progress) });
  }
}
