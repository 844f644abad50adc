/** Typed calls to the BFF under test, validated against the shared zod contract. */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
  ApiErrorSchema,
  HostSchema,
  PoolDetailSchema,
  PoolSchema,
  VolumeDetailSchema,
  VolumeSchema,
  apiPaths,
  type ApiError,
  type Host,
  type Pool,
  type PoolDetail,
  type Volume,
  type VolumeDetail,
} from '@poolwatch/shared';
import { SANDBOX_HOST_ID } from './env.js';

async function json(res: APIResponse, what: string): Promise<unknown> {
  const body = await res.text();
  expect(res.status(), `${what}: HTTP ${res.status()} ${body.slice(0, 500)}`).toBe(200);
  expect(res.headers()['content-type'] ?? '', `${what}: content-type`).toContain(
    'application/json',
  );
  return JSON.parse(body) as unknown;
}

export async function getHosts(request: APIRequestContext): Promise<Host[]> {
  return HostSchema.array().parse(await json(await request.get(apiPaths.hosts()), 'GET hosts'));
}

export async function getPools(
  request: APIRequestContext,
  hostId = SANDBOX_HOST_ID,
): Promise<Pool[]> {
  const res = await request.get(apiPaths.pools(hostId));
  return PoolSchema.array().parse(await json(res, `GET pools of ${hostId}`));
}

export async function getPool(request: APIRequestContext, pool: string): Promise<PoolDetail> {
  const res = await request.get(apiPaths.pool(SANDBOX_HOST_ID, pool));
  return PoolDetailSchema.parse(await json(res, `GET pool ${JSON.stringify(pool)}`));
}

export async function getVolumes(request: APIRequestContext, pool: string): Promise<Volume[]> {
  const res = await request.get(apiPaths.volumes(SANDBOX_HOST_ID, pool));
  return VolumeSchema.array().parse(await json(res, `GET volumes of ${JSON.stringify(pool)}`));
}

export async function getVolume(
  request: APIRequestContext,
  pool: string,
  volume: string,
): Promise<VolumeDetail> {
  const res = await request.get(apiPaths.volume(SANDBOX_HOST_ID, pool, volume));
  return VolumeDetailSchema.parse(await json(res, `GET volume ${JSON.stringify(volume)}`));
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
