import type Database from 'libsql';
import type {
  AuditActorKind,
  AuditCsvQuery,
  AuditEntry,
  AuditOutcome,
  AuditPage,
  AuditQuery,
  Job,
} from '@poolwatch/shared';
import { storeHealth } from '../store-health.js';
import { auditWhere } from './audit-query.js';

export interface AuditRecord {
  actor: string;
  actorKind: AuditActorKind;
  action: string;
  target?: string | null;
  params?: Record<string, unknown> | null;
  outcome: AuditOutcome;
  status?: number | null;
  message?: string | null;
  ip?: string | null;
  /** The job this request started: the row turns `failed` when the job fails. */
  jobId?: string | null;
}

export interface AuditLogOptions {
  /** POOLWATCH_AUDIT_RETENTION_DAYS: older rows are deleted. */
  retentionDays?: number;
  /** POOLWATCH_AUDIT_MAX_ROWS: the oldest rows beyond this many are deleted. */
  maxRows?: number;
  /** Only tests pass a clock. */
  now?: () => Date;
}

interface AuditRow {
  id: number;
  time: string;
  actor: string;
  actor_kind: AuditActorKind;
  action: string;
  target: string | null;
  params: string | null;
  outcome: AuditOutcome;
  status: number | null;
  message: string | null;
  ip: string | null;
  count: number;
  job_id: string | null;
}

/** What the audit needs of the job engine: its `updated` events. */
export interface JobUpdates {
  on(event: 'updated', listener: (job: Job) => void): unknown;
}

/** A job that fails turns the audit row of the request that started it to `failed`. */
export function auditJobOutcomes(jobs: JobUpdates, audit: AuditLog): void {
  jobs.on('updated', (job) => {
    if (job.state === 'failed' || job.state === 'interrupted') {
      audit.jobFinished(job.id, job.state, job.error?.message ?? null);
    }
  });
}

/** Keys never written to the audit log, whatever route sends them. */
const SECRET_KEYS = /pass|token|secret|key|cookie|authorization/i;
/** Bounds per field: a crafted request cannot make one row large. */
const MAX_TARGET = 512;
const MAX_MESSAGE = 1024;
const MAX_PARAMS = 4096;
/** How often (in rows written) the size cap is enforced between the hourly sweeps. */
const PRUNE_EVERY = 500;

/** Drops secret-looking keys (at any depth): passwords and tokens never reach the log. */
export function redact(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => !SECRET_KEYS.test(k))
      .map(([k, v]) => [
        k,
        v && typeof v === 'object' && !Array.isArray(v) ? redact(v as Record<string, unknown>) : v,
      ]),
  );
}

export const truncate = (s: string | null | undefined, max: number): string | null =>
  s === null || s === undefined ? null : s.length > max ? `${s.slice(0, max)}…` : s;

function paramsJson(params: Record<string, unknown> | null | undefined): string | null {
  if (!params) return null;
  const json = JSON.stringify(redact(params));
  return json.length > MAX_PARAMS ? JSON.stringify({ truncated: json.slice(0, MAX_PARAMS) }) : json;
}

/**
 * The audit trail in SQLite, kept useful and bounded: refused anonymous requests (401/403/429
 * without a principal) are one row per client IP, action, status and minute with a `count`
 * (a flood writes a handful of rows, not one per attempt); rows older than the retention
 * and beyond the size cap are deleted.
 */
export class AuditLog {
  private readonly retentionDays: number;
  private readonly maxRows: number;
  private readonly now: () => Date;
  private writes = 0;
  private readonly merge: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    options: AuditLogOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 90;
    this.maxRows = options.maxRows ?? 1_000_000;
    this.now = options.now ?? (() => new Date());
    // Prepared once: every refused request of a flood runs it.
    this.merge = db.prepare(
      `UPDATE audit SET count = count + 1, message = ?,
         actor = CASE WHEN actor = ? THEN actor ELSE '(several)' END
       WHERE agg_key = ?`,
    );
  }

  /**
   * Never throws: it runs after responses ('finish'), where a throw would end the process.
   * A failed write (disk full, busy) is reported (store-health.ts) and the entry is lost.
   */
  record(entry: AuditRecord): void {
    try {
      this.insert(entry);
      storeHealth.succeeded('audit');
    } catch (error) {
      storeHealth.failed('audit', error);
    }
  }

  private insert(entry: AuditRecord): void {
    const time = this.now().toISOString();
    const aggKey =
      entry.actorKind === 'anonymous' && entry.outcome === 'denied'
        ? [time.slice(0, 16), entry.ip ?? '', entry.action, entry.status ?? ''].join('\u0000')
        : null;
    const message = truncate(entry.message, MAX_MESSAGE);
    if (aggKey !== null) {
      const merged = this.merge.run(message, entry.actor, aggKey);
      if (merged.changes > 0) return;
    }
    this.db
      .prepare(
        `INSERT INTO audit (time, actor, actor_kind, action, target, params, outcome, status,
           message, ip, count, agg_key, job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(
        time,
        truncate(entry.actor, 256),
        entry.actorKind,
        entry.action,
        truncate(entry.target, MAX_TARGET),
        paramsJson(entry.params),
        entry.outcome,
        entry.status ?? null,
        message,
        entry.ip ?? null,
        aggKey,
        entry.jobId ?? null,
      );
    if (++this.writes % PRUNE_EVERY === 0) this.prune();
  }

  /**
   * A job reached its end: the row of the request that started it says `failed` (with the
   * job's message) when the job failed or was interrupted; the row links the job by id.
   */
  jobFinished(jobId: string, state: string, message: string | null): void {
    if (state !== 'failed' && state !== 'interrupted') return;
    this.db
      .prepare(
        "UPDATE audit SET outcome = 'failed', message = ? WHERE job_id = ? AND outcome = 'ok'",
      )
      .run(truncate(`job ${state}: ${message ?? 'no reason given'}`, MAX_MESSAGE), jobId);
  }

  /** Deletes rows past the retention, then the oldest beyond the size cap; returns how many. */
  prune(): number {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * 86_400_000).toISOString();
    let removed = this.db.prepare('DELETE FROM audit WHERE time < ?').run(cutoff).changes;
    removed += this.db
      .prepare(
        'DELETE FROM audit WHERE id <= (SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?)',
      )
      .run(this.maxRows).changes;
    return removed;
  }

  /** Newest first; `before` is an id (exclusive) or an ISO time (exclusive). */
  page({ limit, before, ...filter }: AuditQuery): AuditPage {
    const where = auditWhere(filter, before);
    const rows = this.db
      .prepare(`SELECT * FROM audit ${where.sql} ORDER BY id DESC LIMIT ?`)
      .all(...where.args, limit + 1) as AuditRow[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(view);
    return { entries, nextBefore: more ? (entries.at(-1)?.id ?? null) : null };
  }

  /** Every match of the filters, newest first, up to `limit` (the CSV export). */
  matching({ limit, ...filter }: AuditCsvQuery): AuditEntry[] {
    const where = auditWhere(filter);
    const rows = this.db
      .prepare(`SELECT * FROM audit ${where.sql} ORDER BY id DESC LIMIT ?`)
      .all(...where.args, limit) as AuditRow[];
    return rows.map(view);
  }
}

function view(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    time: row.time,
    actor: row.actor,
    actorKind: row.actor_kind,
    action: row.action,
    target: row.target,
    params: row.params ? (JSON.parse(row.params) as Record<string, unknown>) : null,
    outcome: row.outcome,
    status: row.status,
    message: row.message,
    ip: row.ip,
    count: row.count,
    jobId: row.job_id,
  };
}
