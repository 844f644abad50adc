/** Sign-in helpers: the admin's saved state, kiosk tokens, CSRF headers. */
import { readFile } from 'node:fs/promises';
import { expect, type APIRequestContext } from '@playwright/test';
import {
  CSRF_HEADER,
  KioskTokenCreatedSchema,
  SessionInfoSchema,
  apiPaths,
  type KioskTokenCreated,
} from '@poolwatch/shared';
import { ADMIN_PASSWORD, ADMIN_USER, STORAGE_STATE } from './env.js';

/** `poolwatch.sid=...` from the storageState globalSetup saved (for plain fetch calls). */
export async function adminCookie(): Promise<string> {
  const state = JSON.parse(await readFile(STORAGE_STATE, 'utf8')) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Signs `request` in as the admin against `baseUrl` (a BFF with its own data dir). */
export async function signInAdmin(request: APIRequestContext, baseUrl = ''): Promise<void> {
  const res = await request.post(baseUrl + apiPaths.session(), {
    data: { username: ADMIN_USER, password: ADMIN_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** Headers for a mutation from a cookie-authenticated context (its session's CSRF token). */
export async function csrfHeaders(
  request: APIRequestContext,
  baseUrl = '',
): Promise<Record<string, string>> {
  const res = await request.get(baseUrl + apiPaths.session());
  expect(res.status(), 'the admin context must be signed in').toBe(200);
  return { [CSRF_HEADER]: SessionInfoSchema.parse(await res.json()).csrfToken };
}

export async function createKioskToken(
  request: APIRequestContext,
  label: string,
  baseUrl = '',
): Promise<KioskTokenCreated> {
  const res = await request.post(baseUrl + apiPaths.kioskTokens(), {
    data: { label },
    headers: await csrfHeaders(request, baseUrl),
  });
  expect(res.status(), await res.text()).toBe(201);
  return KioskTokenCreatedSchema.parse(await res.json());
}

export async function revokeKioskToken(
  request: APIRequestContext,
  id: string,
  baseUrl = '',
): Promise<void> {
  const res = await request.delete(baseUrl + apiPaths.kioskToken(id), {
    headers: await csrfHeaders(request, baseUrl),
  });
  expect(res.status(), await res.text()).toBe(204);
}
