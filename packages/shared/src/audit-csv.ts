import type { AuditEntry } from './auth.js';
import { csvRow } from './job-history.js';

/** CSV columns of the audit export, in order. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'actor',
  'actor_kind',
  'action',
  'target',
  'outcome',
  'status',
  'count',
  'message',
  'job_id',
  'ip',
  'params',
] as const;

/** The audit export: a header row, then one row per entry (RFC 4180, CRLF line ends). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) =>
    csvRow([
      e.id,
      e.time,
      e.actor,
      e.actorKind,
      e.action,
      e.target,
      e.outcome,
      e.status,
      e.count,
      e.message,
      e.jobId,
      e.ip,
      e.params === null ? null : JSON.stringify(e.params),
    ]),
  );
  return csvRow(AUDIT_CSV_COLUMNS) + rows.join('');
}
