import { Router } from 'express';
import { routes } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { route } from '../route.js';

/** GET /api/audit?limit=&before= (admin): newest first. */
export function auditRoutes(auth: AuthService): Router {
  const router = Router();
  route(router, routes.audit, (_req, res, { query }) => {
    res.json(auth.audit.page(query));
  });
  return router;
}
