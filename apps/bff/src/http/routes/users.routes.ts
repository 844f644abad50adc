import { Router } from 'express';
import {
  CreateUserRequestSchema,
  SetPasswordRequestSchema,
  UsernameSchema,
} from '@poolwatch/shared';
import type { AuthService } from '../../auth/auth-service.js';
import { requireAdmin } from '../auth-middleware.js';
import { parseBody } from '../body.js';

/** Users (admin only). Removing a user or resetting a password ends their sessions. */
export function userRoutes(auth: AuthService): Router {
  const router = Router();
  router.use('/users', requireAdmin);

  router.get('/users', (_req, res) => {
    res.json(auth.users.list());
  });

  router.post('/users', async (req, res) => {
    const { username, password, role } = parseBody(CreateUserRequestSchema, req.body);
    res.status(201).json(await auth.users.add(username, password, role));
  });

  router.delete('/users/:name', (req, res) => {
    const name = parseBody(UsernameSchema, req.params.name, 'user name');
    auth.users.remove(name);
    auth.signOutUser(name, 'user-removed');
    res.status(204).end();
  });

  router.put('/users/:name/password', async (req, res) => {
    const name = parseBody(UsernameSchema, req.params.name, 'user name');
    const { password } = parseBody(SetPasswordRequestSchema, req.body);
    await auth.users.setPassword(name, password);
    if (name !== req.principal?.user) auth.signOutUser(name, 'expired');
    res.status(204).end();
  });

  return router;
}
