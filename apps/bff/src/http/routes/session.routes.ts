import { Router } from 'express';
import { routes, type ApiError, type SessionInfo } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import type { SessionAuth } from '../../auth/session-store.js';
import { newCsrfToken } from '../../auth/tokens.js';
import { route } from '../route.js';
import { csrfOk, sameOrigin } from '../auth-middleware.js';
import {
  checkSignIn,
  DEFAULT_LOGIN_LIMIT,
  startKioskSession,
  startSession,
  type LoginLimit,
} from './sign-in.js';

export { DEFAULT_LOGIN_LIMIT, startKioskSession, type LoginLimit };

function info(auth: SessionAuth): SessionInfo {
  return { user: auth.user, role: auth.role, kind: auth.kind, csrfToken: auth.csrfToken };
}

/**
 * POST /api/session (sign in), GET (who am I), DELETE (sign out); POST /api/kiosk/session
 * (trade a kiosk token). Mounted before the sign-in gate.
 */
export function sessionRoutes(auth: AuthService, limit: LoginLimit = DEFAULT_LOGIN_LIMIT): Router {
  const router = Router();
  route(router, routes.sessionLogin, async (req, res, { body }) => {
    const { username, password } = body;
    const user = await checkSignIn(auth, limit, req, res, username, password);
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
  });

  route(router, routes.kioskSession, async (req, res, { body }) => {
    const { token } = body;
    const session = await startKioskSession(auth, req, res, token, limit);
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
    // Same gate as every other mutation: a cross-site page must not sign a wall screen out.
    if (!sameOrigin(req, res) || !csrfOk(req, res)) return;
    req.session.destroy((error) => {
      if (error) return next(error);
      res.clearCookie('poolwatch.sid', { path: '/' });
      auth.endSessions({ sessionIds: [sid], reason: 'logout' });
      res.status(204).end();
    });
  });

  return router;
}
