/**
 * Bounded concurrency for password hashing. scrypt at N=2^17 takes 128 MiB and a core for
 * a second or more on libuv's thread pool (4 threads), the same pool that reads static
 * files: 32 parallel sign-ins used to starve both the admin's sign-in and the UI's files
 * (15.6 s and 14.5 s). At most `concurrency` hashes run (2 of the 4 threads stay for
 * files); the rest wait in two lanes: `clean` (the client address has no failed sign-in in
 * its window) and `suspect` (it has). Suspect hashes use at most `suspectConcurrency`
 * slots, so a flood never holds every slot: an admin from a clean address starts at once
 * instead of waiting for a flood's hash to end. A full lane refuses (429 upstream) instead
 * of growing without bound.
 */
export type HashLane = 'clean' | 'suspect';

export class HashQueueFullError extends Error {
  constructor() {
    super('too many sign-ins are being checked; try again in a moment');
  }
}

export interface HashQueueOptions {
  concurrency: number;
  /** Slots suspect hashes may hold at once (< concurrency: the rest wait for clean ones). */
  suspectConcurrency: number;
  /** Waiting tasks allowed per lane. */
  maxQueued: Record<HashLane, number>;
}

export const DEFAULT_HASH_QUEUE: HashQueueOptions = {
  concurrency: 2,
  suspectConcurrency: 1,
  // Short lanes: a waiter behind n others waits n hashes; a refused one is told at once.
  maxQueued: { clean: 4, suspect: 2 },
};

export class HashQueue {
  private readonly running: Record<HashLane, number> = { clean: 0, suspect: 0 };
  private readonly lanes: Record<HashLane, (() => void)[]> = { clean: [], suspect: [] };

  constructor(private readonly options: HashQueueOptions = DEFAULT_HASH_QUEUE) {}

  get waiting(): number {
    return this.lanes.clean.length + this.lanes.suspect.length;
  }

  async run<T>(lane: HashLane, task: () => Promise<T>): Promise<T> {
    if (this.canStart(lane)) {
      this.running[lane]++;
    } else {
      const queue = this.lanes[lane];
      if (queue.length >= this.options.maxQueued[lane]) throw new HashQueueFullError();
      // The slot is counted by whoever hands it over (release), before this resumes.
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    try {
      return await task();
    } finally {
      this.running[lane]--;
      this.next();
    }
  }

  private canStart(lane: HashLane): boolean {
    const total = this.running.clean + this.running.suspect;
    if (total >= this.options.concurrency) return false;
    return lane === 'clean' || this.running.suspect < this.options.suspectConcurrency;
  }

  /** Starts waiters while slots are free: clean ones first. */
  private next(): void {
    for (const lane of ['clean', 'suspect'] as const) {
      while (this.lanes[lane].length > 0 && this.canStart(lane)) {
        this.running[lane]++;
        this.lanes[lane].shift()!();
      }
    }
  }
}
