import type Database from 'libsql';
import session, { type SessionData } from 'express-session';
import type { Role, SessionKind } from '@poolwatch/shared';

/** What a signed-in session holds (express-session keeps it in `req.session.auth`). */
export interface SessionAuth {
  user: string;
  role: Role;
  kind: SessionKind;
  /** The kiosk token this session was traded for (kind kiosk). */
  tokenId?: string;
  csrfToken: string;
}

declare module 'express-session' {
  interface SessionData {
    auth?: SessionAuth;
  }
}

interface SessionRow {
  sid: string;
  data: string;
}

/**
 * express-session's Store on the auth SQLite file: sessions survive a restart of the BFF
 * (MemoryStore would sign every kiosk out on each deploy, and leaks). Expired rows are
 * ignored on read and swept every 10 minutes.
 */
export class SqliteSessionStore extends session.Store {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly db: Database.Database,
    private readonly defaultTtlMs: number,
  ) {
    super();
    this.sweeper = setInterval(() => this.sweep(), 10 * 60_000);
    this.sweeper.unref();
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.db
        .prepare('SELECT data FROM sessions WHERE sid = ? AND expires > ?')
        .get(sid, Date.now()) as { data: string } | undefined;
      cb(null, row ? (JSON.parse(row.data) as SessionData) : null);
    } catch (error) {
      cb(error);
    }
  }

  override set(sid: string, data: SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.db
        .prepare('INSERT OR REPLACE INTO sessions (sid, expires, data) VALUES (?, ?, ?)')
        .run(sid, this.expiry(data), JSON.stringify(data));
      cb?.();
    } catch (error) {
      cb?.(error);
    }
  }

  override touch(sid: string, data: SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.db.prepare('UPDATE sessions SET expires = ? WHERE sid = ?').run(this.expiry(data), sid);
      cb?.();
    } catch (error) {
      cb?.(error);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
      cb?.();
    } catch (error) {
      cb?.(error);
    }
  }

  /** Ends every session traded for a kiosk token; returns their ids (to drop sockets). */
  destroyByToken(tokenId: string): string[] {
    return this.destroyWhere("json_extract(data, '$.auth.tokenId') = ?", tokenId);
  }

  /** Ends every session of a user (removed, or password reset). */
  destroyByUser(username: string): string[] {
    return this.destroyWhere(
      "json_extract(data, '$.auth.kind') = 'user' AND json_extract(data, '$.auth.user') = ?",
      username,
    );
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private destroyWhere(where: string, value: string): string[] {
    const rows = this.db
      .prepare(`SELECT sid, data FROM sessions WHERE ${where}`)
      .all(value) as SessionRow[];
    const del = this.db.prepare('DELETE FROM sessions WHERE sid = ?');
    for (const row of rows) del.run(row.sid);
    return rows.map((r) => r.sid);
  }

  private expiry(data: SessionData): number {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.defaultTtlMs;
  }

  private sweep(): void {
    this.db.prepare('DELETE FROM sessions WHERE expires <= ?').run(Date.now());
  }
}
