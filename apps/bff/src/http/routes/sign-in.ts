import type { Request, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { AuthService } from '../../auth/auth-service.js';
import { HashQueueFullError } from '../../auth/hash-queue.js';
import type { SessionAuth } from '../../auth/session-store.js';
import type { LimitKey } from '../../auth/signin-limiter.js';
import { newCsrfToken } from '../../auth/tokens.js';
import { AppError } from '../../errors.js';

export interface LoginLimit {
  /** Failed sign-ins allowed per username + client IP per window. */
  limit: number;
  windowMs: number;
  /** Failed sign-ins allowed per client IP per window, whatever the usernames. */
  perIpLimit?: number;
  /** Failed kiosk-token trades allowed per client IP per window. */
  kioskPerIpLimit?: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = {
  limit: 5,
  windowMs: 15 * 60_000,
  perIpLimit: 30,
  kioskPerIpLimit: 10,
};

class RateLimitedError extends AppError {
  constructor(message: string) {
    super('rate_limited', 429, message);
  }
}

/** The client address a counter is kept for: IPv6 by /56 (one subscriber's whole prefix). */
const clientKey = (req: Request): string => ipKeyGenerator(req.ip ?? '');

/** A fresh session id (no fixation), then the principal stored in it. */
export function startSession(req: Request, auth: SessionAuth, maxAgeMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) return reject(error as Error);
      req.session.auth = auth;
      req.session.cookie.maxAge = maxAgeMs;
      req.session.save((saveError) => (saveError ? reject(saveError as Error) : resolve()));
    });
  });
}

/**
 * How long a refused attempt waits for its 429. A flooding client waits for each answer
 * before it sends the next, so a slow "no" (a timer, no CPU) cuts its rate tenfold and
 * keeps the event loop's queue short for everyone else (an admin, static files).
 */
export const REFUSAL_DELAY_MS = 1000;

async function refuse(
  auth: AuthService,
  req: Request,
  res: Response,
  action: string,
  actor: string,
  retryAfter: number,
  why: string,
): Promise<never> {
  auth.audit.record({
    actor,
    actorKind: 'anonymous',
    action,
    outcome: 'denied',
    status: 429,
    message: why,
    ip: req.ip ?? null,
  });
  await new Promise((resolve) => setTimeout(resolve, REFUSAL_DELAY_MS));
  res.setHeader('Retry-After', String(retryAfter));
  throw new RateLimitedError(`${why}; try again in ${retryAfter} s`);
}

/**
 * Checks a password under the limits: per username + IP, and per IP across usernames (a
 * flood of random usernames from one address stops there). A full counter answers 429
 * before any hashing. The attempt counts before the hash runs (parallel attempts count);
 * a success takes it back. Returns the user, or null for wrong credentials.
 */
export async function checkSignIn(
  auth: AuthService,
  limit: LoginLimit,
  req: Request,
  res: Response,
  username: string,
  password: string,
): Promise<{ username: string; role: SessionAuth['role'] } | null> {
  const ip = clientKey(req);
  const window = limit.windowMs;
  const userKey: LimitKey = {
    scope: 'user',
    username,
    ip,
    rule: { limit: limit.limit, windowMs: window },
  };
  const ipKey: LimitKey = {
    scope: 'ip',
    username: '',
    ip,
    rule: { limit: limit.perIpLimit ?? DEFAULT_LOGIN_LIMIT.perIpLimit!, windowMs: window },
  };
  const retryAfter = auth.limiter.retryAfter([userKey, ipKey]);
  if (retryAfter > 0)
    await refuse(auth, req, res, 'session.login', username, retryAfter, 'too many failed sign-ins');
  // An address with failures waits behind addresses without: a flood cannot queue ahead of
  // an admin signing in from elsewhere.
  const lane = auth.limiter.hits(ipKey) > 0 ? 'suspect' : 'clean';
  auth.limiter.hit([userKey, ipKey]);
  try {
    const user = await auth.checkPassword(username, password, lane);
    if (user) auth.limiter.undo([userKey, ipKey]);
    return user;
  } catch (error) {
    if (!(error instanceof HashQueueFullError)) throw error;
    // Busy is not the user's failure (their username budget is kept); the address's is.
    auth.limiter.undo([userKey]);
    return await refuse(
      auth,
      req,
      res,
      'session.login',
      username,
      1,
      'too many sign-ins are being checked',
    );
  }
}

/**
 * Trades a kiosk token for a kiosk session (viewer); null when the token is not valid.
 * Failed trades count per client IP (429 when full), for the POST and for `/kiosk?token=`.
 */
export async function startKioskSession(
  auth: AuthService,
  req: Request,
  res: Response,
  token: string,
  limit: LoginLimit = DEFAULT_LOGIN_LIMIT,
): Promise<SessionAuth | null> {
  const ip = req.ip ?? null;
  const key: LimitKey = {
    scope: 'kiosk',
    username: '',
    ip: clientKey(req),
    rule: {
      limit: limit.kioskPerIpLimit ?? DEFAULT_LOGIN_LIMIT.kioskPerIpLimit!,
      windowMs: limit.windowMs,
    },
  };
  const retryAfter = auth.limiter.retryAfter([key]);
  if (retryAfter > 0)
    await refuse(
      auth,
      req,
      res,
      'session.kiosk',
      'anonymous',
      retryAfter,
      'too many invalid kiosk tokens',
    );
  const principal = auth.bearer(token);
  if (!principal?.tokenId) {
    auth.limiter.hit([key]);
    auth.audit.record({
      actor: 'anonymous',
      actorKind: 'anonymous',
      action: 'session.kiosk',
      outcome: 'denied',
      status: 401,
      message: 'invalid or revoked token',
      ip,
    });
    return null;
  }
  const session: SessionAuth = {
    user: principal.user,
    role: 'viewer',
    kind: 'kiosk',
    tokenId: principal.tokenId,
    csrfToken: newCsrfToken(),
  };
  await startSession(req, session, auth.kioskSessionTtlMs);
  auth.audit.record({
    actor: principal.user,
    actorKind: 'kiosk',
    action: 'session.kiosk',
    target: principal.tokenId,
    outcome: 'ok',
    status: 200,
    ip,
  });
  return session;
}
