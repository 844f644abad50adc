import { HostSchema } from '@poolwatch/shared';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { ApiRequestError, fetchJson, isHostUnreachable, isNotFound } from './http';
import { shouldRetry } from './queryClient';

const Hosts = z.array(HostSchema);
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

describe('fetchJson', () => {
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
    await expect(fetchJson('/api/hosts', Hosts)).resolves.toEqual([host]);
    expect(fetchMock).toHaveBeenCalledWith('/api/hosts', expect.anything());
  });

  test('carries the API error id, message and status', async () => {
    stubFetch(json(503, { error: { id: 'host_unreachable', message: 'ssh: connection refused' } }));
    const error = await fetchJson('/api/hosts/lab2/pools', Hosts).catch((e: unknown) => e);
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
    await expect(fetchJson('/api/hosts', Hosts)).rejects.toMatchObject({
      status: 502,
      id: 'http_error',
      message: 'Request failed: HTTP 502 Bad Gateway.',
    });
  });

  test('a response that breaks the contract is rejected, not rendered', async () => {
    stubFetch(json(200, [{ id: 'lab1', label: 'x', uri: 'y', state: 'on fire' }]));
    await expect(fetchJson('/api/hosts', Hosts)).rejects.toMatchObject({
      id: 'invalid_response',
      message: expect.stringContaining('at 0.state'),
    });
  });

  test('network failures become network_error', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    await expect(fetchJson('/api/hosts', Hosts)).rejects.toMatchObject({
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
