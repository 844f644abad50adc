import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { SQLITE_BUSY_TIMEOUT_MS } from '../store-health.js';

/**
 * Opens `<data>/jobs.sqlite` (or `:memory:`) the one way both of its users do: the job store
 * and the capacity history each hold their own connection to the same file.
 */
export function openSqliteFile(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: listing (HTTP) never waits on a progress write, and both connections can write.
  // synchronous=NORMAL is durable across a crash of Poolwatch; only a power cut can lose
  // the last writes.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Short, as for auth.sqlite: better-sqlite3 waits synchronously (auth-db.ts).
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return db;
}
