import type { JobControls } from '../jobs/job-spec.js';

/**
 * Pause and a bandwidth limit for a stream (issue 11), applied in the BFF: every byte of an
 * upload or a download passes through it, so holding the bytes here holds them on the host
 * too. Paused, the counter stops passing chunks: its buffer fills, the pipe stops reading
 * the request (TCP backpressure reaches the client) and the mover or virsh gets no more to
 * write; a download stops writing the response and the reader on the host blocks on its
 * full pipe. Limited, chunks pass no faster than the rate (a token bucket of at most one
 * second's worth, so time spent waiting on a slow host is not paid back in a burst).
 * Why not the job's cgroup: buffered writes are not charged to a v1 blkio group, and the
 * pacer works the same on tmpfs, NFS, block pools and for non-root users.
 */
export class StreamPacer {
  private isPaused = false;
  private bytesPerSecond: number | null = null;
  private windowStartMs = 0;
  private windowBytes = 0;
  private wakers = new Set<() => void>();
  private closed = false;

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.restartWindow();
  }

  limit(bytesPerSecond: number | null): void {
    this.bytesPerSecond = bytesPerSecond;
    this.restartWindow();
  }

  /** The stream ended: nothing waits any more. */
  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  /**
   * null when `bytes` may pass now (the common, unlimited case costs no promise per chunk),
   * else a promise that resolves once they may.
   */
  admit(bytes: number): Promise<void> | null {
    if (this.closed) return null;
    if (!this.isPaused && this.take(bytes, Date.now()) === 0) return null;
    return this.admitLater(bytes);
  }

  private async admitLater(bytes: number): Promise<void> {
    for (;;) {
      if (this.closed) return;
      if (this.isPaused) {
        await this.sleep(null);
        continue;
      }
      const waitMs = this.take(bytes, Date.now());
      if (waitMs === 0) return;
      await this.sleep(waitMs);
    }
  }

  /** 0 and counts the bytes when they fit the rate now, else how long until they do. */
  private take(bytes: number, nowMs: number): number {
    const rate = this.bytesPerSecond;
    if (rate === null) return 0;
    let dueMs = this.windowStartMs + (this.windowBytes * 1000) / rate;
    if (dueMs < nowMs - 1000) {
      // Behind by more than a second (the host was slower): no burst to catch up.
      this.windowStartMs = nowMs;
      this.windowBytes = 0;
      dueMs = nowMs;
    }
    if (dueMs > nowMs) return Math.ceil(dueMs - nowMs);
    this.windowBytes += bytes;
    return 0;
  }

  private restartWindow(): void {
    this.windowStartMs = Date.now();
    this.windowBytes = 0;
    this.wakeAll();
  }

  /** Sleeps `ms` (null: until a control changes); any control change wakes it early. */
  private sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        if (timer) clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = ms === null ? null : setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

/**
 * The job's controls for a paced stream. `where` says what holds: "it stops reading the
 * upload" — reported as pauseNote/enforcedBy, so a user sees it is the BFF, not a cgroup.
 */
export function pacerControls(
  pacer: StreamPacer,
  where: string,
): JobControls & { describe: string } {
  const by = `Poolwatch's BFF pacing the stream (${where})`;
  return {
    describe: by,
    pause: async () => {
      pacer.pause();
      return by;
    },
    resume: async () => {
      pacer.resume();
      return by;
    },
    limit: async (bytesPerSecond) => {
      pacer.limit(bytesPerSecond);
      return by;
    },
  };
}
