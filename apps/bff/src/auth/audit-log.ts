import type Database from 'libsql';
import type {
  AuditActorKind,
  AuditEntry,
  AuditOutcome,
  AuditPage,
  AuditQuery,
} from '@poolwatch/shared';

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
}

/** Keys never written to the audit log, whatever route sends them. */
const SECRET_KEYS = /pass|token|secret|key|cookie|authorization/i;

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

/** Append-only audit trail in SQLite. */
export class AuditLog {
  constructor(private readonly db: Database.Database) {}

  record(entry: AuditRecord): void {
    this.db
      .prepare(
        `INSERT INTO audit (time, actor, actor_kind, action, target, params, outcome, status, message, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        entry.actor,
        entry.actorKind,
        entry.action,
        entry.target ?? null,
        entry.params ? JSON.stringify(redact(entry.params)) : null,
        entry.outcome,
        entry.status ?? null,
        entry.message ?? null,
        entry.ip ?? null,
      );
  }

  /** Newest first; `before` is an id (exclusive) or an ISO time (exclusive). */
  page({ limit, before }: AuditQuery): AuditPage {
    const where =
      before === undefined ? '' : typeof before === 'number' ? 'WHERE id < ?' : 'WHERE time < ?';
    const args =
      before === undefined
        ? []
        : [typeof before === 'number' ? before : new Date(before).toISOString()];
    const rows = this.db
      .prepare(`SELECT * FROM audit ${where} ORDER BY id DESC LIMIT ?`)
      .all(...args, limit + 1) as AuditRow[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(view);
    return { entries, nextBefore: more ? (entries.at(-1)?.id ?? null) : null };
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
  };
}
