/** API calls by route contract: the URL, method, JSON body and answer schema are the shared ones. */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { requestFor, type ResponseOf, type RouteCall, type RouteContract } from '@poolwatch/shared';

export interface CallOptions {
  /** Another BFF than the context's baseURL (one with its own data dir). */
  baseUrl?: string;
  /** Credentials: a CSRF header, a Bearer token. */
  headers?: Record<string, string>;
}

/** Sends the request a contract describes; the raw answer, for tests about errors. */
export function send<C extends RouteContract>(
  request: APIRequestContext,
  contract: C,
  call: RouteCall<C>,
  { baseUrl = '', headers = {} }: CallOptions = {},
): Promise<APIResponse> {
  const req = requestFor(contract, call);
  return request.fetch(baseUrl + req.path, {
    method: req.method,
    headers: { ...req.headers, ...headers },
    data: req.body,
  });
}

/** Sends it and expects the contract's success status; the answer parsed by its schema. */
export async function api<C extends RouteContract>(
  request: APIRequestContext,
  contract: C,
  call: RouteCall<C>,
  options?: CallOptions,
): Promise<ResponseOf<C>> {
  const res = await send(request, contract, call, options);
  const body = await res.text();
  const what = `${contract.method} ${res.url()}`;
  expect(res.status(), `${what}: HTTP ${res.status()} ${body.slice(0, 500)}`).toBe(contract.status);
  if (contract.response === null) return undefined as ResponseOf<C>;
  expect(res.headers()['content-type'] ?? '', `${what}: content-type`).toContain(
    'application/json',
  );
  return contract.response.parse(JSON.parse(body)) as ResponseOf<C>;
}
