import type { AuditFilter } from '@poolwatch/shared';

/** A WHERE clause and its bound values; no filter value is ever part of the SQL text. */
export interface AuditWhere {
  sql: string;
  args: (string | number)[];
}

/**
 * The audit page's filters as bound SQL. `action` ending in "." is a prefix (`job.` = every
 * job action), matched with `substr` rather than LIKE so `%` and `_` in it stay literal;
 * otherwise it is exact. Times are compared as ISO strings, which the table stores in UTC.
 */
export function auditWhere(filter: AuditFilter, before?: number | string): AuditWhere {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  const add = (sql: string, ...values: (string | number)[]) => {
    parts.push(sql);
    args.push(...values);
  };
  if (filter.user !== undefined) add('actor = ?', filter.user);
  if (filter.action !== undefined) {
    if (filter.action.endsWith('.')) {
      add('substr(action, 1, ?) = ?', filter.action.length, filter.action);
    } else add('action = ?', filter.action);
  }
  if (filter.outcome !== undefined) add('outcome = ?', filter.outcome);
  if (filter.from !== undefined) add('time >= ?', new Date(filter.from).toISOString());
  if (filter.to !== undefined) add('time < ?', new Date(filter.to).toISOString());
  if (typeof before === 'number') add('id < ?', before);
  else if (before !== undefined) add('time < ?', new Date(before).toISOString());
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, args };
}
