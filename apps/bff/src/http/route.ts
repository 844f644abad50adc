import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { BodyOf, ParamsOf, QueryOf, RouteContract } from '@poolwatch/shared';
import { BadRequestError } from '../errors.js';
import { requireAdmin } from './auth-middleware.js';
import { parseBody } from './body.js';

/** What a handler gets, validated with the contract's schemas before it runs. */
export interface RouteInput<C extends RouteContract> {
  params: ParamsOf<C>;
  query: QueryOf<C>;
  body: BodyOf<C>;
}

export type RouteHandler<C extends RouteContract> = (
  req: Request,
  res: Response,
  input: RouteInput<C>,
  next: NextFunction,
) => void | Promise<void>;

export interface RouteOptions {
  /** Middleware that must see the raw request first (the sign-in rate limiter). */
  before?: RequestHandler[];
}

/**
 * Path parameters arrive decoded by Express (encodeURIComponent on the client side). They
 * are validated before anything touches libvirt: a bad one is a 400 and runs nothing.
 */
export function parseParams<C extends RouteContract>(contract: C, raw: Request['params']) {
  const params: Record<string, string> = {};
  for (const [name, { schema, label }] of Object.entries(contract.params)) {
    const value: unknown = raw[name];
    const result = schema.safeParse(value);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'invalid';
      throw new BadRequestError(`invalid ${label} ${JSON.stringify(value)}: ${reason}`);
    }
    params[name] = result.data;
  }
  return params as ParamsOf<C>;
}

/** Params, then query, then body (the order the handlers always checked them in). */
function parseInput<C extends RouteContract>(contract: C, req: Request): RouteInput<C> {
  const params = parseParams(contract, req.params);
  const query = contract.query ? parseBody(contract.query, req.query, 'query') : undefined;
  // An upload's body is the volume's bytes, still unread: never parse it here.
  const body = contract.body && !contract.streams ? parseBody(contract.body, req.body) : undefined;
  return { params, query, body } as RouteInput<C>;
}

/**
 * The only way a route is added to the API: by its contract, so the audit names, the
 * download check, the web client and the tests all know it. Admin-only reads get
 * `requireAdmin` here; mutations are already refused to non-admins by `guardMutations`.
 */
export function route<C extends RouteContract>(
  router: Router,
  contract: C,
  handler: RouteHandler<C>,
  options: RouteOptions = {},
): void {
  const chain: RequestHandler[] = [];
  if (contract.role === 'admin') chain.push(requireAdmin);
  chain.push(...(options.before ?? []));
  chain.push((req, res, next) => handler(req, res, parseInput(contract, req), next));
  const method = contract.method.toLowerCase() as Lowercase<RouteContract['method']>;
  router[method](contract.path, ...chain);
}
