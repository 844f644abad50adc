import {
  ApiErrorSchema,
  requestFor,
  type ResponseOf,
  type RouteCall,
  type RouteContract,
} from '@poolwatch/shared';
import type { z } from 'zod';

/** Any failed API call: the BFF's error id and message, or one of ours. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** HTTP status, 0 when the request never got an answer. */
    readonly status: number,
    readonly id: string,
    message: string,
    readonly path: string,
    /** Seconds from a 429's Retry-After header, when the server sent one. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The session's CSRF token and what to do when the server says the session is gone. The
 * session code (src/auth) sets both; every request of the app goes through `apiFetch`, so
 * no call can forget the header or miss a 401.
 */
let csrfToken: string | null = null;
let onUnauthorized: ((path: string) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: ((path: string) => void) | null): void {
  onUnauthorized = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiFetchOptions {
  /**
   * false for the session endpoints themselves: their 401 is an answer (wrong password, not
   * signed in), not news that a session ended.
   */
  reportUnauthorized?: boolean;
}

/**
 * fetch for /api: adds `X-CSRF-Token` to every non-GET request, turns a network failure into
 * `network_error`, and reports a 401 (the session expired or was revoked) before returning it.
 */
export async function apiFetch(
  path: string,
  init: RequestInit = {},
  { reportUnauthorized = true }: ApiFetchOptions = {},
): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (!SAFE_METHODS.has(method) && csrfToken !== null) headers.set('X-CSRF-Token', csrfToken);
  let response: Response;
  try {
    response = await fetch(path, { ...init, method, headers });
  } catch (error) {
    if (init.signal?.aborted) throw error; // a cancelled query, not a failure
    throw new ApiRequestError(0, 'network_error', 'Cannot reach the Poolwatch server.', path);
  }
  if (response.status === 401 && reportUnauthorized) onUnauthorized?.(path);
  return response;
}

export function isApiRequestError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError;
}

/** 503 means the BFF is fine but cannot reach the host (the message says why). */
export function isHostUnreachable(error: unknown): error is ApiRequestError {
  return isApiRequestError(error) && (error.id === 'host_unreachable' || error.status === 503);
}

export function isNotFound(error: unknown): error is ApiRequestError {
  return isApiRequestError(error) && error.status === 404;
}

export function isUnauthorized(error: unknown): error is ApiRequestError {
  return isApiRequestError(error) && error.status === 401;
}

/** The text to show a user for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export interface CallOptions extends ApiFetchOptions {
  signal?: AbortSignal;
}

/**
 * Calls a route by its shared contract: method, URL (every name encoded), JSON body and the
 * schema the answer must pass all come from the contract, so no call site writes a path.
 */
export async function callApi<C extends RouteContract>(
  contract: C,
  call: RouteCall<C>,
  { signal, ...options }: CallOptions = {},
): Promise<ResponseOf<C>> {
  const { method, path, headers, body } = requestFor(contract, call);
  const response = await apiFetch(path, { method, headers, body, signal }, options);
  if (contract.response === null) {
    if (!response.ok) throw errorFromResponse(response, await readJson(response), path);
    return undefined as ResponseOf<C>;
  }
  return (await parseResponse(response, contract.response, path)) as ResponseOf<C>;
}

export async function parseResponse<S extends z.ZodType>(
  response: Response,
  schema: S,
  path: string,
): Promise<z.output<S>> {
  const body = await readJson(response);
  if (!response.ok) throw errorFromResponse(response, body, path);

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiRequestError(
      response.status,
      'invalid_response',
      `Unexpected response from the server${where}: ${issue?.message ?? 'invalid data'}.`,
      path,
    );
  }
  return parsed.data;
}

export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function errorFromResponse(
  response: Pick<Response, 'status' | 'statusText'> & { headers?: Headers },
  body: unknown,
  path: string,
): ApiRequestError {
  const retryAfter = parseRetryAfter(response.headers?.get('Retry-After') ?? null);
  const apiError = ApiErrorSchema.safeParse(body);
  if (apiError.success) {
    const { id, message } = apiError.data.error;
    return new ApiRequestError(response.status, id, message, path, retryAfter);
  }
  const status = `${response.status} ${response.statusText}`.trim();
  return new ApiRequestError(
    response.status,
    'http_error',
    `Request failed: HTTP ${status}.`,
    path,
    retryAfter,
  );
}

/** Retry-After is either seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
