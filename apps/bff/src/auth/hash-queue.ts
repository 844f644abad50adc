import { availableParallelism } from 'node:os';

/**
 * Bounded concurrency for password hashing. scrypt at N=2^17 takes 128 MiB and a core for
 * a few hundred ms on libuv's thread pool (4 threads), the same pool that reads static
 * files: 32 parallel sign-ins used to starve both the admin's sign-in and the UI's files
 * (15.6 s and 14.5 s). At most `concurrency` hashes run; the rest wait in two lanes:
 * `clean` (the client address has no failed sign-in in its window) is served before
 * `suspect` (it has), so a flood from other addresses does not queue in front of an admin.
 * A lane that is full refuses at once (429 upstream) instead of growing without bound.
 */
export type HashLane = 'clean' | 'suspect';

export class HashQueueFullError extends Error {
  constructor() {
    super('too many sign-ins are being checked; try again in a moment');
  }
}

export interface HashQueueOptions {
  concurrency: number;
  /** Waiting tasks allowed per lane. */
  maxQueued: Record<HashLane, number>;
}

export const DEFAULT_HASH_QUEUE: HashQueueOptions = {
  // One core stays for the event loop (requests, static files): 1 hash at a time on 2 cores.
  concurrency: Math.max(1, Math.min(2, availableParallelism() - 1)),
  // Short lanes: a waiter behind n others waits n/2 hashes; a refused one retries at once.
  maxQueued: { clean: 4, suspect: 2 },
};

export class HashQueue {
  private running = 0;
  private readonly lanes: Record<HashLane, (() => void)[]> = { clean: [], suspect: [] };

  constructor(private readonly options: HashQueueOptions = DEFAULT_HASH_QUEUE) {}

  get waiting(): number {
    return this.lanes.clean.length + this.lanes.suspect.length;
  }

  async run<T>(lane: HashLane, task: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      const queue = this.lanes[lane];
      if (queue.length >= this.options.maxQueued[lane]) throw new HashQueueFullError();
      await new Promise<void>((resolve) => queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Hands the slot to the next waiter (clean lane first), else frees it. */
  private release(): void {
    const next = this.lanes.clean.shift() ?? this.lanes.suspect.shift();
    if (next) next();
    else this.running--;
  }
}
