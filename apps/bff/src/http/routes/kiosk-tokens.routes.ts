import { Router } from 'express';
import { CreateKioskTokenRequestSchema, type KioskTokenCreated } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { ownOrigin, requireAdmin } from '../auth-middleware.js';
import { parseBody } from '../body.js';

/** Kiosk tokens (admin only). The token is returned once, at creation. */
export function kioskTokenRoutes(auth: AuthService): Router {
  const router = Router();
  router.use('/kiosk-tokens', requireAdmin);

  router.get('/kiosk-tokens', (_req, res) => {
    res.json(auth.tokens.list());
  });

  router.post('/kiosk-tokens', (req, res) => {
    const { label } = parseBody(CreateKioskTokenRequestSchema, req.body);
    const created = auth.tokens.create(label, req.principal?.user ?? 'unknown');
    const url = `${ownOrigin(req)}/kiosk?token=${encodeURIComponent(created.token)}`;
    res.status(201).json({ id: created.id, token: created.token, url } satisfies KioskTokenCreated);
  });

  router.delete('/kiosk-tokens/:id', (req, res) => {
    auth.revokeToken(String(req.params.id));
    res.status(204).end();
  });

  return router;
}
