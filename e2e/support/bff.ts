/** Typed calls to the BFF under test, validated against the shared zod contract. */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
  ApiErrorSchema,
  routes,
  type ApiError,
  type Host,
  type Pool,
  type PoolDetail,
  type Volume,
  type VolumeDetail,
} from '@poolwatch/shared';
import { api } from './api.js';
import { SANDBOX_HOST_ID } from './env.js';

export function getHosts(request: APIRequestContext): Promise<Host[]> {
  return api(request, routes.hosts, {});
}

export function getPools(request: APIRequestContext, hostId = SANDBOX_HOST_ID): Promise<Pool[]> {
  return api(request, routes.pools, { params: { hostId } });
}

export function getPool(request: APIRequestContext, pool: string): Promise<PoolDetail> {
  return api(request, routes.pool, { params: { hostId: SANDBOX_HOST_ID, pool } });
}

export function getVolumes(request: APIRequestContext, pool: string): Promise<Volume[]> {
  return api(request, routes.volumes, { params: { hostId: SANDBOX_HOST_ID, pool } });
}

export function getVolume(
  request: APIRequestContext,
  pool: string,
  volume: string,
): Promise<VolumeDetail> {
  return api(request, routes.volume, { params: { hostId: SANDBOX_HOST_ID, pool, volume } });
}

/** An error answer: the expected status (one of), and a body of the shared error shape. */
export async function expectApiError(res: APIResponse, statuses: number[]): Promise<ApiError> {
  const body = await res.text();
  expect(statuses, `${res.url()} answered ${res.status()}: ${body.slice(0, 300)}`).toContain(
    res.status(),
  );
  let parsed: unknown;
  expect(
    () => (parsed = JSON.parse(body)),
    `error body is JSON: ${body.slice(0, 300)}`,
  ).not.toThrow();
  return ApiErrorSchema.parse(parsed);
}
