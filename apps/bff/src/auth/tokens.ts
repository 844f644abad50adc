import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Kiosk tokens are 32 random bytes (base64url) shown once; only their sha256 is stored.
 * A fast hash is right here: the token has 256 bits of entropy, so nothing is gained by
 * a slow one, and every API request with a Bearer token is looked up by it.
 */
export function newKioskToken(): { id: string; token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { id: randomUUID(), token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** CSRF synchronizer token, one per session. */
export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
