import { Router } from 'express';
import { routes, type KioskTokenCreated } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { ownOrigin } from '../auth-middleware.js';
import { route } from '../route.js';

/** Kiosk tokens (admin only). The token is returned once, at creation. */
export function kioskTokenRoutes(auth: AuthService): Router {
  const router = Router();
  route(router, routes.kioskTokens, (_req, res) => {
    res.json(auth.tokens.list());
  });

  route(router, routes.kioskTokenCreate, (req, res, { body }) => {
    const { label } = body;
    const created = auth.tokens.create(label, req.principal?.user ?? 'unknown');
    const url = `${ownOrigin(req)}/kiosk?token=${encodeURIComponent(created.token)}`;
    res.status(201).json({ id: created.id, token: created.token, url } satisfies KioskTokenCreated);
  });

  route(router, routes.kioskTokenRevoke, (_req, res, { params }) => {
    auth.revokeToken(params.id);
    res.status(204).end();
  });

  return router;
}
