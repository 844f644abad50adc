import type { RequestHandler } from 'express';
import type { ApiError } from '@poolwatch/shared';
import type { AuthService } from '../auth/auth-service.js';
import { safeEqual } from '../auth/tokens.js';

/**
 * /metrics names every host, pool count and virsh command: admins only, or a scraper with
 * `Authorization: Bearer <POOLWATCH_METRICS_TOKEN>`. A kiosk token is not enough (kiosks
 * watch the dashboard, they do not read the server's internals).
 */
export function metricsGate(auth: AuthService, metricsToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (bearer !== undefined && metricsToken !== undefined && safeEqual(bearer, metricsToken)) {
      next();
      return;
    }
    const session = req.session?.auth;
    if (header === undefined && session?.role === 'admin' && session.kind === 'user') {
      next();
      return;
    }
    const [status, id, message] =
      header === undefined && session
        ? [403, 'forbidden', 'admins only']
        : [401, 'unauthenticated', 'sign in as an admin or send the metrics token'];
    res.status(status).json({ error: { id, message } } satisfies ApiError);
  };
}
