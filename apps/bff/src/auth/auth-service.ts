import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type Database from 'libsql';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Role, SessionKind, SignedOutReason } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import { AuditLog } from './audit-log.js';
import { KioskTokenStore } from './kiosk-token-store.js';
import { dummyHash, generatePassword, verifyPassword, type ScryptParams } from './passwords.js';
import { SqliteSessionStore } from './session-store.js';
import { UserStore } from './user-store.js';

/** Who is asking: from a session cookie, or a kiosk token sent as a Bearer token. */
export interface Principal {
  user: string;
  role: Role;
  kind: SessionKind;
  tokenId?: string;
  /** How the request proved it: cookie-authenticated requests need a CSRF token. */
  via: 'session' | 'bearer';
  sessionId?: string;
}

export interface SessionsEnded {
  sessionIds: string[];
  tokenId?: string;
  reason: SignedOutReason;
}

export interface AuthServiceOptions {
  db: Database.Database;
  logger: Logger;
  /** Sessions of people (rolling: each request extends it). */
  userSessionTtlMs?: number;
  /** Sessions of kiosk screens (traded for a token). */
  kioskSessionTtlMs?: number;
  /** Only tests lower these. */
  scrypt?: ScryptParams;
}

export const SESSION_COOKIE = 'poolwatch.sid';

/**
 * Users, kiosk tokens, sessions and the audit log. Knows nothing of socket.io: when
 * sessions end (logout, revocation, user removed) it emits `sessions-ended`, and the
 * realtime room disconnects the matching sockets.
 */
export class AuthService extends EventEmitter<{ 'sessions-ended': [SessionsEnded] }> {
  readonly users: UserStore;
  readonly tokens: KioskTokenStore;
  readonly audit: AuditLog;
  readonly sessions: SqliteSessionStore;
  readonly sessionMiddleware: RequestHandler;
  readonly userSessionTtlMs: number;
  readonly kioskSessionTtlMs: number;
  private readonly log: Logger;

  constructor(private readonly options: AuthServiceOptions) {
    super();
    const { db } = options;
    this.log = options.logger.child({ module: 'auth' });
    this.users = new UserStore(db, options.scrypt);
    this.tokens = new KioskTokenStore(db);
    this.audit = new AuditLog(db);
    this.userSessionTtlMs = options.userSessionTtlMs ?? 12 * 3600_000;
    this.kioskSessionTtlMs = options.kioskSessionTtlMs ?? 30 * 24 * 3600_000;
    this.sessions = new SqliteSessionStore(db, this.userSessionTtlMs);
    this.sessionMiddleware = session({
      name: SESSION_COOKIE,
      secret: this.sessionSecret(),
      store: this.sessions,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      // 'auto': Secure when req.secure, i.e. https or a trusted proxy saying so.
      cookie: { httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: this.userSessionTtlMs },
    });
  }

  /**
   * First start with no users: an `admin` with POOLWATCH_ADMIN_PASSWORD, or a generated
   * password printed once to the log.
   */
  async bootstrap(adminPassword: string | undefined): Promise<void> {
    if (this.users.count() > 0) return;
    const password = adminPassword ?? generatePassword();
    await this.users.add('admin', password, 'admin');
    this.audit.record({
      actor: 'system',
      actorKind: 'anonymous',
      action: 'user.create',
      target: 'admin',
      params: { role: 'admin', bootstrap: true },
      outcome: 'ok',
    });
    if (adminPassword === undefined) {
      this.log.warn(
        { username: 'admin', password },
        'created the first admin with a generated password (shown once; change it with `pnpm users -- passwd admin`)',
      );
    } else {
      this.log.info({ username: 'admin' }, 'created the first admin from POOLWATCH_ADMIN_PASSWORD');
    }
  }

  /** The user when the password matches; the same work is done for unknown users. */
  async checkPassword(
    username: string,
    password: string,
  ): Promise<{ username: string; role: Role } | null> {
    const user = this.users.get(username);
    const ok = await verifyPassword(
      password,
      user?.passwordHash ?? (await dummyHash(this.options.scrypt)),
    );
    return ok && user ? { username: user.username, role: user.role } : null;
  }

  bearer(token: string): Principal | null {
    const record = this.tokens.verify(token);
    if (!record) return null;
    return { user: record.label, role: 'viewer', kind: 'kiosk', tokenId: record.id, via: 'bearer' };
  }

  endSessions(event: SessionsEnded): void {
    this.emit('sessions-ended', event);
  }

  revokeToken(id: string): void {
    this.tokens.revoke(id);
    const sessionIds = this.sessions.destroyByToken(id);
    this.endSessions({ sessionIds, tokenId: id, reason: 'revoked' });
  }

  signOutUser(username: string, reason: SignedOutReason): void {
    this.endSessions({ sessionIds: this.sessions.destroyByUser(username), reason });
  }

  close(): void {
    this.sessions.close();
  }

  /** POOLWATCH_SESSION_SECRET, or a random secret kept in the auth database. */
  private sessionSecret(): string {
    const fromEnv = process.env.POOLWATCH_SESSION_SECRET;
    if (fromEnv) return fromEnv;
    const { db } = this.options;
    const row = db.prepare("SELECT value FROM meta WHERE key = 'session_secret'").get() as
      { value: string } | undefined;
    if (row) return row.value;
    const secret = randomBytes(32).toString('base64url');
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('session_secret', ?)").run(secret);
    return (
      db.prepare("SELECT value FROM meta WHERE key = 'session_secret'").get() as { value: string }
    ).value;
  }
}
