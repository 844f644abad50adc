import { describe, expect, test } from 'vitest';
import { AuditQuerySchema, CreateUserRequestSchema, UsernameSchema } from './auth.js';
import { apiPaths } from './api-paths.js';

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
