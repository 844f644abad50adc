import { Router } from 'express';
import { auditCsv, routes } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { route } from '../route.js';

/** GET /api/audit?limit=&before=&user=&action=&outcome=&from=&to= (admin): newest first; .csv: all. */
export function auditRoutes(auth: AuthService): Router {
  const router = Router();
  route(router, routes.audit, (_req, res, { query }) => {
    res.json(auth.audit.page(query));
  });
  route(router, routes.auditCsv, (_req, res, { query }) => {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="poolwatch-audit.csv"');
    res.send(auditCsv(auth.audit.matching(query)));
  });
  return router;
}
