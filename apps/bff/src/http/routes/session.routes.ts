import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitInfo } from 'express-rate-limit';
import { routes, type ApiError, type SessionInfo } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import type { SessionAuth } from '../../auth/session-store.js';
import { newCsrfToken } from '../../auth/tokens.js';
import { route } from '../route.js';

export interface LoginLimit {
  /** Failed sign-ins allowed per username + client IP per window. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { limit: 5, windowMs: 15 * 60_000 };

function info(auth: SessionAuth): SessionInfo {
  return { user: auth.user, role: auth.role, kind: auth.kind, csrfToken: auth.csrfToken };
}

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

/** Trades a kiosk token for a kiosk session (viewer); null when the token is not valid. */
export async function startKioskSession(
  auth: AuthService,
  req: Request,
  token: string,
): Promise<SessionAuth | null> {
  const principal = auth.bearer(token);
  const ip = req.ip ?? null;
  if (!principal?.tokenId) {
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

/**
 * POST /api/session (sign in), GET (who am I), DELETE (sign out); POST /api/kiosk/session
 * (trade a kiosk token). Mounted before the sign-in gate.
 */
export function sessionRoutes(auth: AuthService, limit: LoginLimit = DEFAULT_LOGIN_LIMIT): Router {
  const router = Router();
  const loginLimiter = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit,
    // Only failures count: an admin who types the password right is never locked out.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${usernameOf(req)}\u0000${ipKeyGenerator(req.ip ?? '')}`,
    handler: (req, res: Response) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const reset = info?.resetTime?.getTime() ?? Date.now() + limit.windowMs;
      const retryAfter = Math.max(1, Math.ceil((reset - Date.now()) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      auth.audit.record({
        actor: usernameOf(req),
        actorKind: 'anonymous',
        action: 'session.login',
        outcome: 'denied',
        status: 429,
        message: 'too many failed sign-ins',
        ip: req.ip ?? null,
      });
      res.status(429).json({
        error: {
          id: 'rate_limited',
          message: `too many failed sign-ins; try again in ${retryAfter} s`,
        },
      } satisfies ApiError);
    },
  });

  route(
    router,
    routes.sessionLogin,
    async (req, res, { body }) => {
      const { username, password } = body;
      const user = await auth.checkPassword(username, password);
      const ip = req.ip ?? null;
      if (!user) {
        auth.audit.record({
          actor: username,
          actorKind: 'anonymous',
          action: 'session.login',
          outcome: 'denied',
          status: 401,
          message: 'wrong username or password',
          ip,
        });
        res.status(401).json({
          error: { id: 'unauthenticated', message: 'wrong username or password' },
        } satisfies ApiError);
        return;
      }
      const session: SessionAuth = {
        user: user.username,
        role: user.role,
        kind: 'user',
        csrfToken: newCsrfToken(),
      };
      await startSession(req, session, auth.userSessionTtlMs);
      auth.audit.record({
        actor: user.username,
        actorKind: 'user',
        action: 'session.login',
        outcome: 'ok',
        status: 200,
        ip,
      });
      res.json(info(session));
    },
    { before: [loginLimiter] },
  );

  route(router, routes.kioskSession, async (req, res, { body }) => {
    const { token } = body;
    const session = await startKioskSession(auth, req, token);
    if (!session) {
      res.status(401).json({
        error: { id: 'unauthenticated', message: 'invalid or revoked token' },
      } satisfies ApiError);
      return;
    }
    res.json(info(session));
  });

  route(router, routes.session, (req, res) => {
    const session = req.session?.auth;
    if (session) {
      res.json(info(session));
      return;
    }
    // A kiosk using its token as a Bearer token: no session, no CSRF token needed.
    const principal = req.principal;
    if (principal) {
      res.json({
        user: principal.user,
        role: principal.role,
        kind: principal.kind,
        csrfToken: '',
      } satisfies SessionInfo);
      return;
    }
    res
      .status(401)
      .json({ error: { id: 'unauthenticated', message: 'not signed in' } } satisfies ApiError);
  });

  route(router, routes.sessionLogout, (req, res, _input, next) => {
    const sid = req.sessionID;
    if (!req.session?.auth) {
      res.status(204).end();
      return;
    }
    req.session.destroy((error) => {
      if (error) return next(error);
      res.clearCookie('poolwatch.sid', { path: '/' });
      auth.endSessions({ sessionIds: [sid], reason: 'logout' });
      res.status(204).end();
    });
  });

  return router;
}

function usernameOf(req: Request): string {
  const body = req.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.slice(0, 256) : '';
}
