import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { SQLITE_BUSY_TIMEOUT_MS } from '../store-health.js';

/**
 * One SQLite file in the data dir for users, kiosk tokens, sessions and the audit log
 * (`auth.sqlite`). The CLI opens the same file while the BFF runs: WAL and a busy timeout
 * let both write. The timeout is short because better-sqlite3 waits synchronously: a
 * longer one would freeze the event loop (every dashboard read) while another writer holds
 * the lock; a write still busy after it fails as SQLITE_BUSY and is reported.
 */
export function openAuthDb(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS users (
      username TEXT PRIMARY KEY,
      role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
      password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS kiosk_tokens (
      id TEXT PRIMARY KEY,
      label TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      last_used_at TEXT
    );
    CREATE TABLE IF NOT EXISTS sessions (
      sid TEXT PRIMARY KEY,
      expires INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires);
    CREATE TABLE IF NOT EXISTS audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      time TEXT NOT NULL,
      actor TEXT NOT NULL,
      actor_kind TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      params TEXT,
      outcome TEXT NOT NULL,
      status INTEGER,
      message TEXT,
      ip TEXT
    );
    CREATE INDEX IF NOT EXISTS audit_by_time ON audit (time DESC, id DESC);
    CREATE TABLE IF NOT EXISTS signin_limits (
      scope TEXT NOT NULL,
      username TEXT NOT NULL,
      ip TEXT NOT NULL,
      hits INTEGER NOT NULL,
      reset_at INTEGER NOT NULL,
      PRIMARY KEY (scope, username, ip)
    );
  `);
  migrateAudit(db);
  return db;
}

/**
 * Columns added after the first release (an existing auth.sqlite gains them in place):
 * `count` (refused anonymous requests, one row per IP, action and minute), `agg_key` (what
 * such a row is found by) and `job_id` (a job's outcome updates the row that started it).
 */
function migrateAudit(db: Database.Database): void {
  const columns = new Set(
    (db.prepare('PRAGMA table_info(audit)').all() as { name: string }[]).map((c) => c.name),
  );
  if (!columns.has('count'))
    db.exec('ALTER TABLE audit ADD COLUMN count INTEGER NOT NULL DEFAULT 1');
  if (!columns.has('agg_key')) db.exec('ALTER TABLE audit ADD COLUMN agg_key TEXT');
  if (!columns.has('job_id')) db.exec('ALTER TABLE audit ADD COLUMN job_id TEXT');
  db.exec(`
    CREATE INDEX IF NOT EXISTS audit_by_agg_key ON audit (agg_key) WHERE agg_key IS NOT NULL;
    CREATE INDEX IF NOT EXISTS audit_by_job ON audit (job_id) WHERE job_id IS NOT NULL;
  `);
}
