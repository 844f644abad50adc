import type Database from 'libsql';

/** `limit` failures per `windowMs` (a fixed window that starts at the first failure). */
export interface LimitRule {
  limit: number;
  windowMs: number;
}

/**
 * What a counter counts: failed sign-ins of one username from one IP (`user`), failed
 * sign-ins from one IP whatever the username (`ip`), failed kiosk-token trades from one IP
 * (`kiosk`). `username` is '' for the per-IP scopes.
 */
export interface LimitKey {
  scope: 'user' | 'ip' | 'kiosk';
  username: string;
  ip: string;
  rule: LimitRule;
}

interface Row {
  hits: number;
  reset_at: number;
}

/**
 * Sign-in failure counters in auth.sqlite (table `signin_limits`), not in memory: they
 * survive a restart (a restart must not reset an attacker's budget), and the users CLI,
 * a separate process, can clear them (`pnpm users -- unlock NAME`) for a locked-out admin.
 */
export class SignInLimiter {
  // Prepared once: a flood of refused attempts reads these thousands of times a second.
  private readonly select: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare(
      'SELECT hits, reset_at FROM signin_limits WHERE scope = ? AND username = ? AND ip = ?',
    );
  }

  /** Seconds until every full counter among `keys` resets; 0 when none is full. */
  retryAfter(keys: LimitKey[]): number {
    let until = 0;
    for (const key of keys) {
      const row = this.row(key);
      if (row && row.hits >= key.rule.limit) until = Math.max(until, row.reset_at);
    }
    return until === 0 ? 0 : Math.max(1, Math.ceil((until - this.now()) / 1000));
  }

  /** Failures counted for this key in its current window. */
  hits(key: LimitKey): number {
    return this.row(key)?.hits ?? 0;
  }

  /** Counts one attempt (before the password is checked, so parallel attempts count). */
  hit(keys: LimitKey[]): void {
    const now = this.now();
    const upsert = this.db.prepare(
      `INSERT INTO signin_limits (scope, username, ip, hits, reset_at) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (scope, username, ip) DO UPDATE SET
         hits = CASE WHEN reset_at <= ? THEN 1 ELSE hits + 1 END,
         reset_at = CASE WHEN reset_at <= ? THEN excluded.reset_at ELSE reset_at END`,
    );
    this.db.transaction(() => {
      for (const k of keys) upsert.run(k.scope, k.username, k.ip, now + k.rule.windowMs, now, now);
    })();
  }

  /** Takes an attempt back (it succeeded: only failures count). */
  undo(keys: LimitKey[]): void {
    const dec = this.db.prepare(
      'UPDATE signin_limits SET hits = max(hits - 1, 0) WHERE scope = ? AND username = ? AND ip = ?',
    );
    this.db.transaction(() => {
      for (const k of keys) dec.run(k.scope, k.username, k.ip);
    })();
  }

  /**
   * Clears a user's counters, and the per-IP counters of the addresses that user failed
   * from (else the admin stays locked out behind a flood from the same address).
   * Returns how many counters were removed.
   */
  unlockUser(username: string): number {
    return this.db.transaction(() => {
      const ips = (
        this.db
          .prepare("SELECT ip FROM signin_limits WHERE scope = 'user' AND username = ?")
          .all(username) as { ip: string }[]
      ).map((r) => r.ip);
      let removed = this.db
        .prepare("DELETE FROM signin_limits WHERE scope = 'user' AND username = ?")
        .run(username).changes;
      const byIp = this.db.prepare("DELETE FROM signin_limits WHERE scope <> 'user' AND ip = ?");
      for (const ip of ips) removed += byIp.run(ip).changes;
      return removed;
    })();
  }

  /** Clears every counter of one client address. */
  unlockIp(ip: string): number {
    return this.db.prepare('DELETE FROM signin_limits WHERE ip = ?').run(ip).changes;
  }

  /** Drops expired counters (the table stays as small as the current attack). */
  sweep(): void {
    this.db.prepare('DELETE FROM signin_limits WHERE reset_at <= ?').run(this.now());
  }

  private row(key: LimitKey): Row | undefined {
    const row = this.select.get(key.scope, key.username, key.ip) as Row | undefined;
    return row && row.reset_at > this.now() ? row : undefined;
  }
}
