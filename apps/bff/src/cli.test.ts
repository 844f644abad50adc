import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openAuthDb } from './auth/auth-db.js';
import { SignInLimiter, type LimitKey } from './auth/signin-limiter.js';

const bffRoot = resolve(import.meta.dirname, '..');
let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('`users unlock NAME` (another process) clears a locked-out admin in auth.sqlite', () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-cli-'));
  const path = join(dir, 'auth.sqlite');
  const rule = { limit: 5, windowMs: 15 * 60_000 };
  const keys: LimitKey[] = [
    { scope: 'user', username: 'admin', ip: '10.0.0.7', rule },
    { scope: 'ip', username: '', ip: '10.0.0.7', rule },
  ];
  const db = openAuthDb(path);
  const limiter = new SignInLimiter(db);
  for (let i = 0; i < 5; i++) limiter.hit(keys);
  expect(limiter.retryAfter(keys)).toBeGreaterThan(0);
  db.close();

  const run = spawnSync(
    process.execPath,
    [
      join(bffRoot, 'node_modules/tsx/dist/cli.mjs'),
      join(bffRoot, 'src/cli.ts'),
      'users',
      'unlock',
      'admin',
    ],
    { env: { ...process.env, POOLWATCH_DATA: dir }, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('cleared 2 sign-in counter(s) of admin');

  const after = openAuthDb(path);
  expect(new SignInLimiter(after).retryAfter(keys)).toBe(0);
  after.close();
});
