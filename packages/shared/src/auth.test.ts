import { describe, expect, test } from 'vitest';
import { AuditQuerySchema, CreateUserRequestSchema, UsernameSchema } from './auth.js';
import { apiPaths } from './api-paths.js';
import { auditCsv } from './audit-csv.js';

describe('UsernameSchema', () => {
  test.each(['admin', 'alice.b', 'kiosk-1', 'a@b'])('accepts %j', (name) => {
    expect(UsernameSchema.safeParse(name).success).toBe(true);
  });
  test.each(['', ' alice', 'a/b', '-x', 'x'.repeat(65), 'a b'])('rejects %j', (name) => {
    expect(UsernameSchema.safeParse(name).success).toBe(false);
  });
});

describe('CreateUserRequestSchema', () => {
  test('rejects short passwords and unknown roles', () => {
    expect(
      CreateUserRequestSchema.safeParse({ username: 'a', password: 'short', role: 'admin' })
        .success,
    ).toBe(false);
    expect(
      CreateUserRequestSchema.safeParse({ username: 'a', password: 'long enough', role: 'root' })
        .success,
    ).toBe(false);
  });
});

describe('AuditQuerySchema', () => {
  test.each([
    [{}, { limit: 100 }],
    [
      { limit: '5', before: '42' },
      { limit: 5, before: 42 },
    ],
    [{ before: '2025-01-01T00:00:00.000Z' }, { limit: 100, before: '2025-01-01T00:00:00.000Z' }],
  ])('parses %j', (query, parsed) => {
    expect(AuditQuerySchema.parse(query)).toEqual(parsed);
  });
  test.each([{ limit: '0' }, { limit: '5000' }, { before: 'yesterday' }])('rejects %j', (q) => {
    expect(AuditQuerySchema.safeParse(q).success).toBe(false);
  });
});

test('user paths encode names', () => {
  expect(apiPaths.userPassword('a b')).toBe('/api/users/a%20b/password');
  expect(apiPaths.kioskToken('x/y')).toBe('/api/kiosk-tokens/x%2Fy');
});

describe('auditCsv', () => {
  test('a header, one CRLF row per entry, cells quoted and formula-safe', () => {
    const csv = auditCsv([
      {
        id: 7,
        time: '2026-12-01T10:00:00.000Z',
        actor: '=cmd',
        actorKind: 'user',
        action: 'volume.create',
        target: 'lab1/p, "q"',
        params: { name: 'a\nb' },
        outcome: 'ok',
        status: 202,
        message: null,
        ip: '10.0.0.1',
        count: 1,
        jobId: 'j1',
      },
    ]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'id,time,actor,actor_kind,action,target,outcome,status,count,message,job_id,ip,params',
    );
    expect(row).toBe(
      `7,2026-12-01T10:00:00.000Z,'=cmd,user,volume.create,"lab1/p, ""q""",ok,202,1,,j1,10.0.0.1,"{""name"":""a\\nb""}"`,
    );
    expect(end).toBe('');
  });
});
