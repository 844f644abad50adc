import { describe, expect, test } from 'vitest';
import { openAuthDb } from './auth-db.js';
import { AuditLog, redact } from './audit-log.js';
import { describeMutation } from './audit-actions.js';
import { KioskTokenStore } from './kiosk-token-store.js';
import { hashPassword, OWASP_SCRYPT, verifyPassword } from './passwords.js';
import { hashToken, newKioskToken } from './tokens.js';
import { UserStore } from './user-store.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  test('OWASP parameters are stored with the hash and verify', async () => {
    const hash = await hashPassword('correct horse', OWASP_SCRYPT);
    const [alg, N, r, p, salt, key] = hash.split('$');
    expect([alg, N, r, p]).toEqual(['scrypt', String(2 ** 17), '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsf', hash)).toBe(false);
  }, 30_000);

  test('salts differ; stored params are honoured; malformed hashes never match', async () => {
    const a = await hashPassword('pw', FAST);
    const b = await hashPassword('pw', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('pw', a)).toBe(true);
    for (const bad of ['', 'scrypt$1$2$3', 'bcrypt$1$1$1$aa$bb', a.replace(/\$[^$]+$/, '$AAAA')]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });
});

describe('kiosk tokens', () => {
  test('32 random bytes, sha256 stored, never listed', () => {
    const { token, hash } = newKioskToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);

    const store = new KioskTokenStore(openAuthDb(':memory:'));
    const created = store.create('Wall 1', 'admin');
    expect(JSON.stringify(store.list())).not.toContain(created.token);
    expect(store.verify(created.token)?.id).toBe(created.id);
    expect(store.verify(created.token + 'x')).toBeNull();
    store.revoke(created.id);
    expect(store.verify(created.token)).toBeNull();
  });
});

describe('users', () => {
  test('add, duplicate, last admin cannot be removed', async () => {
    const users = new UserStore(openAuthDb(':memory:'), FAST);
    await users.add('root', 'longpassword', 'admin');
    await expect(users.add('root', 'longpassword', 'viewer')).rejects.toThrow(/exists/);
    expect(() => users.remove('root')).toThrow(/last admin/);
    expect(users.list()).toEqual([expect.objectContaining({ username: 'root', role: 'admin' })]);
  });
});

describe('audit log', () => {
  test('writes, pages newest first by id or time, never stores secrets', () => {
    const audit = new AuditLog(openAuthDb(':memory:'));
    for (let i = 1; i <= 5; i++) {
      audit.record({
        actor: 'admin',
        actorKind: 'user',
        action: `a${i}`,
        params: { n: i, password: 'hunter22', nested: { token: 't', keep: 1 } },
        outcome: 'ok',
        status: 200,
        ip: '127.0.0.1',
      });
    }
    const first = audit.page({ limit: 2 });
    expect(first.entries.map((e) => e.action)).toEqual(['a5', 'a4']);
    expect(first.entries[0]?.params).toEqual({ n: 5, nested: { keep: 1 } });
    const second = audit.page({ limit: 2, before: first.nextBefore! });
    expect(second.entries.map((e) => e.action)).toEqual(['a3', 'a2']);
    const all = audit.page({ limit: 10, before: new Date(Date.now() + 1000).toISOString() });
    expect(all.entries).toHaveLength(5);
    expect(all.nextBefore).toBeNull();
  });

  test('redact drops secret-looking keys', () => {
    expect(redact({ label: 'x', token: 'y', newPassword: 'z', apiKey: 'k' })).toEqual({
      label: 'x',
    });
  });
});

describe('describeMutation', () => {
  test.each([
    ['POST', '/jobs/j1/cancel', 'job.cancel', 'j1'],
    ['POST', '/hosts/h/pools', 'pool.define', 'h'],
    ['POST', '/hosts/h/pools/my%20pool/start', 'pool.start', 'h/my pool'],
    ['PUT', '/hosts/h/pools/p/autostart', 'pool.autostart', 'h/p'],
    ['DELETE', '/hosts/h/pools/p', 'pool.delete', 'h/p'],
    ['POST', '/hosts/h/pools/p/volumes', 'volume.create', 'h/p'],
    ['POST', '/hosts/h/pools/p/volumes/v/clone', 'volume.clone', 'h/p/v'],
    ['PUT', '/hosts/h/pools/p/volumes/v/content', 'volume.upload', 'h/p/v'],
    ['GET', '/hosts/h/pools/p/volumes/v/content', 'volume.download', 'h/p/v'],
    ['DELETE', '/hosts/h/pools/p/volumes/v', 'volume.delete', 'h/p/v'],
    ['POST', '/users', 'user.create', null],
    ['PUT', '/users/alice/password', 'user.passwd', 'alice'],
    ['DELETE', '/kiosk-tokens/abc', 'kiosk-token.revoke', 'abc'],
    ['PATCH', '/whatever', 'PATCH /whatever', null],
  ])('%s %s → %s', (method, path, action, target) => {
    expect(describeMutation(method, path)).toEqual({ action, target });
  });
});
