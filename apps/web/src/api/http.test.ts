import { routes } from '@poolwatch/shared';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  ApiRequestError,
  apiFetch,
  callApi,
  isHostUnreachable,
  isNotFound,
  parseRetryAfter,
  setCsrfToken,
  setUnauthorizedHandler,
} from './http';
import { uploadContent } from './mutate';
import { shouldRetry } from './queryClient';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function stubFetch(response: Response | Error) {
  const fn = vi.fn(() =>
    response instanceof Error ? Promise.reject(response) : Promise.resolve(response),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('callApi', () => {
  test('returns validated data', async () => {
    const host = {
      id: 'lab1',
      label: 'Lab 1',
      uri: 'qemu:///system',
      state: 'connected',
      error: null,
      libvirtVersion: '9.0.0',
    };
    const fetchMock = stubFetch(json(200, [host]));
    await expect(callApi(routes.hosts, {})).resolves.toEqual([host]);
    expect(fetchMock).toHaveBeenCalledWith('/api/hosts', expect.anything());
  });

  test('carries the API error id, message and status', async () => {
    stubFetch(json(503, { error: { id: 'host_unreachable', message: 'ssh: connection refused' } }));
    const error = await callApi(routes.pools, { params: { hostId: 'lab2' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({
      status: 503,
      id: 'host_unreachable',
      message: 'ssh: connection refused',
      path: '/api/hosts/lab2/pools',
    });
    expect(isHostUnreachable(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
  });

  test('a non-JSON error body still gives a readable error', async () => {
    stubFetch(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(callApi(routes.hosts, {})).rejects.toMatchObject({
      status: 502,
      id: 'http_error',
      message: 'Request failed: HTTP 502 Bad Gateway.',
    });
  });

  test('a response that breaks the contract is rejected, not rendered', async () => {
    stubFetch(json(200, [{ id: 'lab1', label: 'x', uri: 'y', state: 'on fire' }]));
    await expect(callApi(routes.hosts, {})).rejects.toMatchObject({
      id: 'invalid_response',
      message: expect.stringContaining('at 0.state'),
    });
  });

  test('method, encoded path, JSON body and query all come from the contract', async () => {
    const fetchMock = vi.fn((path: string, init?: RequestInit) => {
      void path;
      void init;
      return Promise.resolve(new Response(null, { status: 204 }));
    });
    vi.stubGlobal('fetch', fetchMock);
    await callApi(routes.userPassword, {
      params: { name: "o'neil; rm -rf /" },
      body: { password: 'a long password' },
    });
    const [path, init] = fetchMock.mock.calls[0] ?? [];
    expect(path).toBe("/api/users/o'neil%3B%20rm%20-rf%20%2F/password");
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe('{"password":"a long password"}');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
  });

  test('a route without a response body resolves on 2xx and still throws the API error', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(
      callApi(routes.kioskTokenRevoke, { params: { id: 't1' } }),
    ).resolves.toBeUndefined();
    stubFetch(json(404, { error: { id: 'not_found', message: 'no token t2' } }));
    await expect(callApi(routes.kioskTokenRevoke, { params: { id: 't2' } })).rejects.toMatchObject({
      status: 404,
      id: 'not_found',
    });
  });

  test('network failures become network_error', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    await expect(callApi(routes.hosts, {})).rejects.toMatchObject({
      status: 0,
      id: 'network_error',
    });
  });
});

describe('shouldRetry', () => {
  const err = (status: number, id = 'x') => new ApiRequestError(status, id, 'm', '/api');
  test('never retries what cannot change by asking again', () => {
    expect(shouldRetry(0, err(404, 'not_found'))).toBe(false);
    expect(shouldRetry(0, err(400, 'bad_request'))).toBe(false);
    expect(shouldRetry(0, err(503, 'host_unreachable'))).toBe(false);
    expect(shouldRetry(0, err(200, 'invalid_response'))).toBe(false);
  });
  test('retries transient failures twice', () => {
    expect(shouldRetry(0, err(0, 'network_error'))).toBe(true);
    expect(shouldRetry(1, err(500, 'internal_error'))).toBe(true);
    expect(shouldRetry(2, err(500, 'internal_error'))).toBe(false);
  });
});

describe('apiFetch: CSRF and 401', () => {
  afterEach(() => {
    setCsrfToken(null);
    setUnauthorizedHandler(null);
  });

  test('every non-GET request carries X-CSRF-Token; GETs do not', async () => {
    setCsrfToken('tok-1');
    const fetchMock = vi.fn((path: string, init?: RequestInit) => {
      void path;
      void init;
      return Promise.resolve(new Response(null, { status: 204 }));
    });
    vi.stubGlobal('fetch', fetchMock);
    await apiFetch('/api/hosts');
    await callApi(routes.userRemove, { params: { name: 'bob' } });
    const upload = { params: { hostId: 'h', pool: 'p', volume: 'v' } };
    await uploadContent(upload, new Blob(['abc'])).catch(() => undefined);
    const headers = fetchMock.mock.calls.map(([, init]) => new Headers(init?.headers));
    expect(headers[0]?.get('X-CSRF-Token')).toBeNull();
    expect(headers[1]?.get('X-CSRF-Token')).toBe('tok-1');
    expect(headers[2]?.get('X-CSRF-Token')).toBe('tok-1');
  });

  test('a 401 is reported once, except from the session endpoints themselves', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    stubFetch(json(401, { error: { id: 'unauthenticated', message: 'sign in' } }));
    await expect(callApi(routes.hosts, {})).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledWith('/api/hosts');
    stubFetch(json(401, { error: { id: 'unauthenticated', message: 'bad login' } }));
    await expect(
      callApi(
        routes.sessionLogin,
        { body: { username: 'a', password: 'b' } },
        { reportUnauthorized: false },
      ),
    ).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  test('429 carries Retry-After in seconds', async () => {
    stubFetch(
      new Response(JSON.stringify({ error: { id: 'rate_limited', message: 'slow down' } }), {
        status: 429,
        headers: { 'Retry-After': '17' },
      }),
    );
    await expect(callApi(routes.hosts, {})).rejects.toMatchObject({
      status: 429,
      retryAfter: 17,
    });
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', Date.UTC(2025, 0, 1))).toBe(60);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
