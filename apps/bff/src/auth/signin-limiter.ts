import type Database from 'libsql';
import { storeHealth } from '../store-health.js';

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
  /**
   * Counters kept in memory while auth.sqlite cannot be written (a full disk): sign-in must
   * keep answering 401/429 rather than 500, and a flood must still meet its limit.
   */
  private readonly unwritten = new Map<string, Row>();

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
    try {
      this.db.transaction(() => {
        for (const k of keys)
          upsert.run(k.scope, k.username, k.ip, now + k.rule.windowMs, now, now);
      })();
    } catch (error) {
      storeHealth.failed('sessions', error);
      for (const k of keys) {
        const row = this.unwritten.get(keyOf(k));
        const fresh = !row || row.reset_at <= now;
        this.unwritten.set(keyOf(k), {
          hits: fresh ? 1 : row.hits + 1,
          reset_at: fresh ? now + k.rule.windowMs : row.reset_at,
        });
      }
    }
  }

  /** Takes an attempt back (it succeeded: only failures count). */
  undo(keys: LimitKey[]): void {
    const dec = this.db.prepare(
      'UPDATE signin_limits SET hits = max(hits - 1, 0) WHERE scope = ? AND username = ? AND ip = ?',
    );
    try {
      this.db.transaction(() => {
        for (const k of keys) dec.run(k.scope, k.username, k.ip);
      })();
    } catch (error) {
      storeHealth.failed('sessions', error);
    }
    for (const k of keys) {
      const row = this.unwritten.get(keyOf(k));
      if (row) row.hits = Math.max(row.hits - 1, 0);
    }
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
    try {
      this.db.prepare('DELETE FROM signin_limits WHERE reset_at <= ?').run(this.now());
    } catch (error) {
      storeHealth.failed('sessions', error);
    }
    for (const [key, row] of this.unwritten)
      if (row.reset_at <= this.now()) this.unwritten.delete(key);
  }

  private row(key: LimitKey): Row | undefined {
    const now = this.now();
    const stored = this.select.get(key.scope, key.username, key.ip) as Row | undefined;
    const kept = this.unwritten.get(keyOf(key));
    const live = [stored, kept].filter((r): r is Row => r !== undefined && r.reset_at > now);
    if (live.length === 0) return undefined;
    return {
      hits: live.reduce((sum, r) => sum + r.hits, 0),
      reset_at: Math.max(...live.map((r) => r.reset_at)),
    };
  }
}

function keyOf(key: LimitKey): string {
  return [key.scope, key.username, key.ip].join('\u0000');
}
