import path from 'node:path';
import Database from 'libsql';

export interface SeedSample {
  at: number;
  capacity: number;
  allocation: number;
  available: number;
}

/**
 * Test-only: writes 1-minute capacity samples straight into a BFF's `<data>/jobs.sqlite`
 * while that BFF is stopped (there is no route for this). The table is the BFF's own
 * (apps/bff/src/jobs/capacity-history.ts): start the BFF once first so it exists.
 */
export function seedCapacity(
  dataDir: string,
  hostId: string,
  pool: string,
  samples: readonly SeedSample[],
): void {
  const db = new Database(path.join(dataDir, 'jobs.sqlite'));
  try {
    const insert = db.prepare(
      `INSERT OR REPLACE INTO pool_capacity
         (host_id, pool, resolution, at, capacity, allocation, available)
       VALUES (?, ?, 'minute', ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const s of samples) {
        insert.run(hostId, pool, s.at, s.capacity, s.allocation, s.available);
      }
    })();
  } finally {
    db.close();
  }
}

/** Every minute of the last `days` days: allocation grows `perDay` bytes a day up to `now`. */
export function growingSamples(options: {
  days: number;
  capacity: number;
  allocationNow: number;
  perDay: number;
  now?: number;
}): SeedSample[] {
  const now = options.now ?? Date.now();
  const minutes = options.days * 24 * 60;
  const out: SeedSample[] = [];
  for (let m = minutes - 1; m >= 0; m--) {
    const at = now - m * 60_000;
    const allocation = Math.round(options.allocationNow - (options.perDay * m) / (24 * 60));
    out.push({
      at,
      capacity: options.capacity,
      allocation,
      available: options.capacity - allocation,
    });
  }
  return out;
}
