import { Router } from 'express';
import { routes } from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { route } from '../route.js';

/** Users (admin only). Removing a user or resetting a password ends their sessions. */
export function userRoutes(auth: AuthService): Router {
  const router = Router();
  route(router, routes.users, (_req, res) => {
    res.json(auth.users.list());
  });

  route(router, routes.userCreate, async (_req, res, { body }) => {
    const { username, password, role } = body;
    res.status(201).json(await auth.users.add(username, password, role));
  });

  route(router, routes.userRemove, (_req, res, { params }) => {
    const name = params.name;
    auth.users.remove(name);
    auth.signOutUser(name, 'user-removed');
    res.status(204).end();
  });

  route(router, routes.userPassword, async (req, res, { params, body }) => {
    const name = params.name;
    const { password } = body;
    await auth.users.setPassword(name, password);
    if (name !== req.principal?.user) auth.signOutUser(name, 'expired');
    res.status(204).end();
  });

  return router;
}
