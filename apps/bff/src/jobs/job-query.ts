import { ACTIVE_JOB_STATES, type JobKind, type JobOrigin, type JobState } from '@poolwatch/shared';
import { BadRequestError } from '../errors.js';

export interface JobListOptions {
  /** active = queued/running/cancelling; finished = everything else; or one exact state. */
  state?: 'active' | 'finished' | JobState;
  hostId?: string;
  /** Same as hostId (both given: both must match). */
  host?: string;
  /** Source or target pool. */
  pool?: string;
  kind?: JobKind;
  origin?: JobOrigin;
  /** Who started the job (Job.startedBy). */
  user?: string;
  /** createdAt bounds, ISO: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string;
  limit: number;
}

/** The position after the last job of a page: rows strictly older in (created_at, id) order. */
interface Cursor {
  createdAt: string;
  id: string;
}

/** base64url of JSON: opaque to clients, so the order key can change without breaking them. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // fall through: same answer as a well-formed but wrong cursor
  }
  throw new BadRequestError('invalid cursor: use the x-next-cursor header of the previous page');
}

const ACTIVE_SQL = ACTIVE_JOB_STATES.map((s) => `'${s}'`).join(', ');

/** Filters as SQL over the jobs table; every datum is a bound parameter, never spliced. */
export function jobListSql(options: JobListOptions): {
  sql: string;
  params: Record<string, string | number>;
} {
  const where: string[] = [];
  // One row more than the page: its presence says there is a next page.
  const params: Record<string, string | number> = { limit: options.limit + 1 };
  const bind = (name: string, value: string, clause: string) => {
    params[name] = value;
    where.push(clause);
  };
  if (options.state === 'active') where.push(`state IN (${ACTIVE_SQL})`);
  else if (options.state === 'finished') where.push(`state NOT IN (${ACTIVE_SQL})`);
  else if (options.state !== undefined) bind('state', options.state, 'state = @state');
  if (options.hostId !== undefined) bind('hostId', options.hostId, 'host_id = @hostId');
  if (options.host !== undefined) bind('host', options.host, 'host_id = @host');
  if (options.kind !== undefined) bind('kind', options.kind, 'kind = @kind');
  if (options.pool !== undefined) {
    bind(
      'pool',
      options.pool,
      `(json_extract(body, '$.target.pool') = @pool
        OR json_extract(body, '$.target.targetPool') = @pool)`,
    );
  }
  // Jobs recorded before Job.origin existed were all started through Poolwatch.
  if (options.origin !== undefined) {
    bind(
      'origin',
      options.origin,
      `COALESCE(json_extract(body, '$.origin'), 'poolwatch') = @origin`,
    );
  }
  if (options.user !== undefined) {
    bind('user', options.user, `json_extract(body, '$.startedBy') = @user`);
  }
  // created_at is always toISOString() (UTC, ms): normalise the bounds the same way.
  if (options.from !== undefined) bind('from', isoOf(options.from), 'created_at >= @from');
  if (options.to !== undefined) bind('to', isoOf(options.to), 'created_at < @to');
  if (options.cursor !== undefined) {
    const cursor = decodeCursor(options.cursor);
    params.cursorAt = cursor.createdAt;
    params.cursorId = cursor.id;
    where.push('(created_at < @cursorAt OR (created_at = @cursorAt AND id < @cursorId))');
  }
  const sql = `SELECT id, body, created_at AS createdAt FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
  return { sql, params };
}

function isoOf(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new BadRequestError(`invalid time ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}
