import type Database from 'libsql';
import type { CapacitySample } from '@poolwatch/shared';
import { openSqliteFile } from './sqlite-file.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** 1-minute points are kept this long, then averaged into hourly points... */
export const MINUTE_RETENTION_MS = 7 * DAY_MS;
/** ...which are kept this long. */
export const HOUR_RETENTION_MS = 365 * DAY_MS;

/** What one poll read of a pool (bytes; null when libvirt gave no figure). */
export interface PoolFigures {
  pool: string;
  capacity: number | null;
  allocation: number | null;
  available: number | null;
}

interface SampleRow {
  at: number;
  capacity: number | null;
  allocation: number | null;
  available: number | null;
}

/** `points`-weighted mean of the stored and the incoming hourly figure (nulls ignored). */
const merge = (c: string) =>
  `${c} = CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL THEN excluded.${c}
     ELSE (${c} * points + excluded.${c} * excluded.points) / (points + excluded.points) END`;

/**
 * Pool capacity history, in the job store's file (`<data>/jobs.sqlite`, its own table and
 * connection; WAL lets both write). One row per host, pool, resolution and time. 1-minute
 * rows older than 7 days are replaced by their hourly **average** (`points` says how many
 * minutes it stands for); hourly rows older than a year are deleted (`compact`).
 */
export class CapacityHistory {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(path: string) {
    this.db = openSqliteFile(path);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS pool_capacity (
        host_id TEXT NOT NULL,
        pool TEXT NOT NULL,
        resolution TEXT NOT NULL CHECK (resolution IN ('minute', 'hour')),
        at INTEGER NOT NULL,
        capacity INTEGER,
        allocation INTEGER,
        available INTEGER,
        points INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (host_id, pool, at, resolution)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS pool_capacity_by_age ON pool_capacity (resolution, at);
    `);
    this.statements = {
      insert: this.db.prepare(
        `INSERT OR REPLACE INTO pool_capacity
           (host_id, pool, resolution, at, capacity, allocation, available)
         VALUES (@hostId, @pool, 'minute', @at, @capacity, @allocation, @available)`,
      ),
      range: this.db.prepare<[string, string, number, number]>(
        `SELECT at, capacity, allocation, available FROM pool_capacity
         WHERE host_id = ? AND pool = ? AND at BETWEEN ? AND ? ORDER BY at, resolution`,
      ),
      downsample: this.db.prepare<[number]>(
        `INSERT INTO pool_capacity
           (host_id, pool, resolution, at, capacity, allocation, available, points)
         SELECT host_id, pool, 'hour', (at / ${HOUR_MS}) * ${HOUR_MS},
           CAST(ROUND(AVG(capacity)) AS INTEGER), CAST(ROUND(AVG(allocation)) AS INTEGER),
           CAST(ROUND(AVG(available)) AS INTEGER), COUNT(*)
         FROM pool_capacity WHERE resolution = 'minute' AND at < ?
         GROUP BY host_id, pool, at / ${HOUR_MS}
         ON CONFLICT (host_id, pool, at, resolution) DO UPDATE SET
           ${merge('capacity')}, ${merge('allocation')}, ${merge('available')},
           points = points + excluded.points`,
      ),
      dropMinutes: this.db.prepare<[number]>(
        `DELETE FROM pool_capacity WHERE resolution = 'minute' AND at < ?`,
      ),
      dropHours: this.db.prepare<[number]>(
        `DELETE FROM pool_capacity WHERE resolution = 'hour' AND at < ?`,
      ),
    };
  }

  /** One sample of every pool a host's poll read at `at`. */
  record(hostId: string, pools: readonly PoolFigures[], at: Date): void {
    const ms = at.getTime();
    this.db.transaction(() => {
      for (const p of pools) this.statements.insert.run({ hostId, ...p, at: ms });
    })();
  }

  /** Samples of one pool in [from, to], oldest first (hourly points first, then minutes). */
  samples(hostId: string, pool: string, from: Date, to: Date): CapacitySample[] {
    // libsql types rows as unknown: the SELECT names exactly SampleRow's columns.
    const rows = this.statements.range.all(
      hostId,
      pool,
      from.getTime(),
      to.getTime(),
    ) as SampleRow[];
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /**
   * Averages 1-minute rows older than 7 days into hourly rows, then drops them and the
   * hourly rows older than a year. The cut is on an hour boundary, so every hour it
   * averages is complete.
   */
  compact(now: Date): { downsampled: number; pruned: number } {
    const cutoff = Math.floor((now.getTime() - MINUTE_RETENTION_MS) / HOUR_MS) * HOUR_MS;
    return this.db.transaction(() => {
      this.statements.downsample.run(cutoff);
      const downsampled = this.statements.dropMinutes.run(cutoff).changes;
      const pruned = this.statements.dropHours.run(now.getTime() - HOUR_RETENTION_MS).changes;
      return { downsampled, pruned };
    })();
  }

  close(): void {
    this.db.close();
  }
}
