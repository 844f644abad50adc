import { Router } from 'express';
import { AuditQuerySchema } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { requireAdmin } from '../auth-middleware.js';
import { parseBody } from '../body.js';

/** GET /api/audit?limit=&before= (admin): newest first. */
export function auditRoutes(auth: AuthService): Router {
  const router = Router();
  router.get('/audit', requireAdmin, (req, res) => {
    res.json(auth.audit.page(parseBody(AuditQuerySchema, req.query, 'query')));
  });
  return router;
}
