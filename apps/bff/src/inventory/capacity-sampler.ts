import type { Logger } from '../logger.js';
import type { InventoryService } from './inventory-service.js';

/** Where samples go (the jobs room's CapacityHistory); inventory does not know the store. */
export interface CapacitySink {
  record(
    hostId: string,
    pools: readonly {
      pool: string;
      capacity: number | null;
      allocation: number | null;
      available: number | null;
    }[],
    at: Date,
  ): void;
  compact(now: Date): { downsampled: number; pruned: number };
}

const COMPACT_EVERY_MS = 3600_000;

/**
 * Every `sampleMs`, writes every pool's capacity/allocation/available as the last poll
 * read them (no virsh call of its own; a host that is not connected gives no sample, so
 * gaps in the chart are honest). Compacts the history at start and every hour.
 */
export class CapacitySampler {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly inventory: InventoryService,
    private readonly sink: CapacitySink,
    private readonly sampleMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.compact();
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.sampleMs, () => this.sample());
    every(COMPACT_EVERY_MS, () => this.compact());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Writes one sample per pool of every connected host; a failed write is logged, not fatal. */
  sample(): void {
    for (const host of this.inventory.list()) {
      const poll = this.inventory.host(host.id).lastPoll();
      if (!poll) continue;
      const pools = poll.pools.map(({ name, capacity, allocation, available }) => ({
        pool: name,
        capacity,
        allocation,
        available,
      }));
      try {
        this.sink.record(host.id, pools, poll.at);
      } catch (error) {
        this.logger.warn({ host: host.id, err: (error as Error).message }, 'capacity not sampled');
      }
    }
  }

  private compact(): void {
    try {
      const done = this.sink.compact(new Date());
      this.logger.debug(done, 'capacity history compacted');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'capacity history not compacted');
    }
  }
}
