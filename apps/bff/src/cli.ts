import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PasswordSchema, RoleSchema, UsernameSchema, type Role } from '@poolwatch/shared';
import { openAuthDb } from './auth/auth-db.js';
import { AuditLog } from './auth/audit-log.js';
import { SqliteSessionStore } from './auth/session-store.js';
import { SignInLimiter } from './auth/signin-limiter.js';
import { UserStore } from './auth/user-store.js';
import { dataDirOf } from './config.js';

const USAGE = `usage: node apps/bff/dist/cli.js users <command>   (or: pnpm users -- <command>)
  add <name> [--role admin|viewer]   add a user (default role: viewer)
  list                               list users and roles
  remove <name>                      remove a user and end their sessions
  passwd <name>                      set a new password and end their sessions
  unlock <name>                      clear <name>'s failed sign-ins (and those of the addresses
                                     they failed from), so a locked-out user can sign in now
  unlock --ip <address>              clear every sign-in counter of one client address
Passwords are read from POOLWATCH_PASSWORD, else from the first line of stdin; never argv.
The database is $POOLWATCH_DATA/auth.sqlite (default .poolwatch/auth.sqlite).`;

async function readPassword(): Promise<string> {
  const fromEnv = process.env.POOLWATCH_PASSWORD;
  const raw =
    fromEnv ??
    (await new Promise<string>((resolve, reject) => {
      if (process.stdin.isTTY) process.stderr.write('password (then Enter): ');
      let text = '';
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n')) {
          process.stdin.pause();
          resolve(text);
        }
      });
      process.stdin.on('end', () => resolve(text));
      process.stdin.on('error', reject);
    }));
  const password = raw.split(/\r?\n/)[0] ?? '';
  const parsed = PasswordSchema.safeParse(password);
  if (!parsed.success) throw new Error(`password ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return password;
}

function name(value: string | undefined): string {
  const parsed = UsernameSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`user name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export async function main(argv: string[]): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      ip: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, command, target] =
    positionals[0] === 'users' ? positionals : ['users', ...positionals];
  if (values.help || group !== 'users' || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const db = openAuthDb(join(dataDirOf(), 'auth.sqlite'));
  const users = new UserStore(db);
  const audit = new AuditLog(db);
  const sessions = new SqliteSessionStore(db, 0);
  const record = (action: string, params?: Record<string, unknown>) =>
    audit.record({
      actor: 'cli',
      actorKind: 'anonymous',
      action,
      target: target ?? null,
      params,
      outcome: 'ok',
    });
  try {
    switch (command) {
      case 'list':
        for (const u of users.list()) console.log(`${u.username}\t${u.role}\t${u.createdAt}`);
        return 0;
      case 'add': {
        const role: Role = RoleSchema.parse(values.role ?? 'viewer');
        const user = await users.add(name(target), await readPassword(), role);
        record('user.create', { role });
        console.log(`added ${user.username} (${user.role})`);
        return 0;
      }
      case 'remove':
        users.remove(name(target));
        sessions.destroyByUser(name(target));
        record('user.remove');
        console.log(`removed ${target}`);
        return 0;
      case 'passwd':
        await users.setPassword(name(target), await readPassword());
        sessions.destroyByUser(name(target));
        record('user.passwd');
        console.log(`password of ${target} changed; their sessions ended`);
        // The generated first password no longer works: do not leave it lying around.
        if (target === 'admin')
          rmSync(join(dataDirOf(), 'initial-admin-password'), { force: true });
        return 0;
      case 'unlock': {
        const limiter = new SignInLimiter(db);
        if (values.ip !== undefined && target === undefined) {
          const removed = limiter.unlockIp(values.ip);
          record('signin.unlock', { ip: values.ip, counters: removed });
          console.log(`cleared ${removed} sign-in counter(s) of ${values.ip}`);
          return 0;
        }
        const removed = limiter.unlockUser(name(target));
        record('signin.unlock', { counters: removed });
        console.log(`cleared ${removed} sign-in counter(s) of ${target}; they can sign in now`);
        return 0;
      }
      default:
        console.log(USAGE);
        return 2;
    }
  } finally {
    sessions.close();
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`poolwatch users: ${(error as Error).message}`);
    process.exit(1);
  },
);
