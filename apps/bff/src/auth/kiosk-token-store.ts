import type Database from 'libsql';
import type { KioskToken } from '@poolwatch/shared';
import { NotFoundError } from '../errors.js';
import { hashToken, newKioskToken } from './tokens.js';

interface TokenRow {
  id: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

/** Kiosk tokens: stored as sha256 only; listing never returns a token. */
export class KioskTokenStore {
  constructor(private readonly db: Database.Database) {}

  create(label: string, createdBy: string): KioskToken & { token: string } {
    const { id, token, hash } = newKioskToken();
    const createdAt = new Date().toISOString();
    this.db
      .prepare(
        'INSERT INTO kiosk_tokens (id, label, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, label, hash, createdAt, createdBy);
    return { id, label, createdAt, lastUsedAt: null, token };
  }

  list(): KioskToken[] {
    const rows = this.db
      .prepare('SELECT id, label, created_at, last_used_at FROM kiosk_tokens ORDER BY created_at')
      .all() as TokenRow[];
    return rows.map(view);
  }

  get(id: string): KioskToken | null {
    const row = this.db
      .prepare('SELECT id, label, created_at, last_used_at FROM kiosk_tokens WHERE id = ?')
      .get(id) as TokenRow | undefined;
    return row ? view(row) : null;
  }

  /** The token's record when it is valid (and marks it used), else null. */
  verify(token: string): KioskToken | null {
    const row = this.db
      .prepare('SELECT id, label, created_at, last_used_at FROM kiosk_tokens WHERE token_hash = ?')
      .get(hashToken(token)) as TokenRow | undefined;
    if (!row) return null;
    const now = new Date().toISOString();
    // At most one write a minute per token: Bearer requests look it up every time.
    if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
      this.db.prepare('UPDATE kiosk_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
      row.last_used_at = now;
    }
    return view(row);
  }

  revoke(id: string): KioskToken {
    const token = this.get(id);
    if (!token) throw new NotFoundError(`no kiosk token ${id}`);
    this.db.prepare('DELETE FROM kiosk_tokens WHERE id = ?').run(id);
    return token;
  }
}

function view(row: TokenRow): KioskToken {
  return { id: row.id, label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}
