import type Database from 'libsql';
import type { Role, UserSummary } from '@poolwatch/shared';
import { ConflictError, NotFoundError } from '../errors.js';
import { hashPassword, OWASP_SCRYPT, type ScryptParams } from './passwords.js';

interface UserRow {
  username: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

/** Users and their scrypt hashes. Shared by the BFF and the CLI. */
export class UserStore {
  constructor(
    private readonly db: Database.Database,
    /** Only tests lower these (stored hashes carry their own parameters). */
    private readonly scrypt: ScryptParams = OWASP_SCRYPT,
  ) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  list(): UserSummary[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
    return rows.map(summary);
  }

  get(username: string): (UserSummary & { passwordHash: string }) | null {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
    return row ? { ...summary(row), passwordHash: row.password_hash } : null;
  }

  async add(username: string, password: string, role: Role): Promise<UserSummary> {
    const hash = await hashPassword(password, this.scrypt);
    const createdAt = new Date().toISOString();
    const result = this.db
      .prepare(
        'INSERT OR IGNORE INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)',
      )
      .run(username, role, hash, createdAt);
    if (result.changes === 0) throw new ConflictError('conflict', `user ${username} exists`);
    return { username, role, createdAt };
  }

  async setPassword(username: string, password: string): Promise<void> {
    const hash = await hashPassword(password, this.scrypt);
    const result = this.db
      .prepare('UPDATE users SET password_hash = ? WHERE username = ?')
      .run(hash, username);
    if (result.changes === 0) throw new NotFoundError(`no user ${username}`);
  }

  /** Refuses to remove the last admin: nobody could sign in to act any more. */
  remove(username: string): void {
    const user = this.get(username);
    if (!user) throw new NotFoundError(`no user ${username}`);
    if (user.role === 'admin' && this.adminCount() <= 1) {
      throw new ConflictError('conflict', 'cannot remove the last admin');
    }
    this.db.prepare('DELETE FROM users WHERE username = ?').run(username);
  }

  private adminCount(): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as {
        n: number;
      }
    ).n;
  }
}

function summary(row: UserRow): UserSummary {
  return { username: row.username, role: row.role, createdAt: row.created_at };
}
