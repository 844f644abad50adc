import type { z } from 'zod';

/**
 * One route, written once: the BFF registers its handler by it (and cannot have a route
 * without one), the audit log names mutations from it, the "is this a download" check reads
 * it, and the web client and the e2e helpers build URLs and parse answers from it.
 */
/** HEAD and PATCH are the tus resumable-upload protocol's (routes/upload.routes.ts). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call: anyone (health, sign-in), any signed-in principal, or admins only. */
export type RouteRole = 'anyone' | 'viewer' | 'admin';

/** A path parameter: the schema it must pass and how a 400 names it ("invalid pool name"). */
export interface ParamSpec {
  readonly schema: z.ZodType<string>;
  readonly label: string;
}

export interface RouteContract {
  /** Stable name; the key of the contract in `routes`. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Express syntax, relative to /api: `/hosts/:hostId/pools/:pool`. */
  readonly path: string;
  /** Exactly the `:names` of the path, in any order. */
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly query?: z.ZodType;
  /** A JSON request body. An upload's body is the bytes and has no schema. */
  readonly body?: z.ZodType;
  /** The success body; null when there is none to parse (204, a download's bytes). */
  readonly response: z.ZodType | null;
  /** The success status. */
  readonly status: number;
  readonly role: RouteRole;
  /** Audit action name (`volume.clone`). Mutations and downloads are audited. */
  readonly audit?: string;
  /** Sign-in records its own entry (it knows the attempted username and the verdict). */
  readonly auditsItself?: boolean;
  /** The body or the answer is a volume's bytes, streamed (never JSON-parsed). */
  readonly streams?: 'download' | 'upload';
}

/** `'/hosts/:hostId/pools/:pool'` → `'hostId' | 'pool'`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** Checks at compile time that `params` names exactly the path's `:segments`. */
export function defineRoute<const C extends RouteContract>(
  contract: C & { params: { readonly [K in PathParamNames<C['path']>]: ParamSpec } },
): C {
  return contract;
}

export type ParamsOf<C extends RouteContract> = { [K in keyof C['params']]: string };
export type QueryOf<C extends RouteContract> = C extends { query: infer Q extends z.ZodType }
  ? z.output<Q>
  : undefined;
export type QueryInputOf<C extends RouteContract> = C extends { query: infer Q extends z.ZodType }
  ? z.input<Q>
  : undefined;
export type BodyOf<C extends RouteContract> = C extends { body: infer B extends z.ZodType }
  ? z.output<B>
  : undefined;
export type BodyInputOf<C extends RouteContract> = C extends { body: infer B extends z.ZodType }
  ? z.input<B>
  : undefined;
export type ResponseOf<C extends RouteContract> = C extends {
  response: infer R extends z.ZodType;
}
  ? z.output<R>
  : void;

type NoParams = Record<string, never>;

/** What a caller passes: path params (when the path has any), query, JSON body. */
export type RouteCall<C extends RouteContract> = (keyof C['params'] extends never
  ? { params?: NoParams }
  : { params: ParamsOf<C> }) &
  (C extends { query: z.ZodType } ? { query?: QueryInputOf<C> } : { query?: never }) &
  (C extends { body: z.ZodType } ? { body: BodyInputOf<C> } : { body?: never });

/** Arguments of `pathOf` after the contract: params only when the path has some. */
export type PathArgs<C extends RouteContract> = keyof C['params'] extends never
  ? [params?: NoParams, query?: QueryInputOf<C>]
  : [params: ParamsOf<C>, query?: QueryInputOf<C>];

/**
 * The URL of a route (`/api/...`). Every name goes through encodeURIComponent: spaces,
 * quotes, ";", "$", newlines, unicode and leading dashes all round-trip.
 */
export function pathOf<C extends RouteContract>(contract: C, ...args: PathArgs<C>): string {
  const [params, query] = args as [Record<string, string> | undefined, unknown];
  const path = contract.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${contract.id}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  return `/api${path}${queryString(query)}`;
}

function queryString(query: unknown): string {
  if (query === undefined || query === null) return '';
  // By hand: this package has neither DOM nor Node typings (no URLSearchParams).
  const pairs = Object.entries(query as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** A fetch-shaped request for a route; the caller adds credentials (cookie, CSRF, Bearer). */
export interface RouteRequest {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  /** JSON text, when the route takes a body. */
  body?: string;
}

export function requestFor<C extends RouteContract>(contract: C, call: RouteCall<C>): RouteRequest {
  const { params, query, body } = call as { params?: never; query?: never; body?: unknown };
  const path = pathOf(contract, ...([params, query] as unknown as PathArgs<C>));
  if (contract.body === undefined || body === undefined) {
    return { method: contract.method, path, headers: {} };
  }
  return {
    method: contract.method,
    path,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  contract: RouteContract;
  pattern: RegExp;
  names: string[];
}

/** A matcher over contracts, for code that sees a request before the router does. */
export function routeMatcher(contracts: readonly RouteContract[]) {
  const compiled: Compiled[] = contracts.map((contract) => {
    const names: string[] = [];
    const source = contract.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return escapeRegExp(segment);
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    // Like Express's router: case-insensitive, a trailing slash allowed.
    return { contract, names, pattern: new RegExp(`^${source}/?$`, 'i') };
  });
  /** The contract a method + path (relative to /api, still %-encoded) hits, params decoded. */
  return (
    method: string,
    path: string,
  ): { contract: RouteContract; params: Record<string, string> } | null => {
    for (const { contract, names, pattern } of compiled) {
      if (contract.method !== method) continue;
      const match = pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decode(match[i + 1] ?? '')));
      return { contract, params };
    }
    return null;
  };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
