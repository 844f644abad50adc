/** Sign-in helpers: the admin's saved state, kiosk tokens, CSRF headers. */
import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { CSRF_HEADER, routes, type KioskTokenCreated } from '@poolwatch/shared';
import { api } from './api.js';
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
  const body = { username: ADMIN_USER, password: ADMIN_PASSWORD };
  await api(request, routes.sessionLogin, { body }, { baseUrl });
}

/** Headers for a mutation from a cookie-authenticated context (its session's CSRF token). */
export async function csrfHeaders(
  request: APIRequestContext,
  baseUrl = '',
): Promise<Record<string, string>> {
  const session = await api(request, routes.session, {}, { baseUrl });
  return { [CSRF_HEADER]: session.csrfToken };
}

export async function createKioskToken(
  request: APIRequestContext,
  label: string,
  baseUrl = '',
): Promise<KioskTokenCreated> {
  const headers = await csrfHeaders(request, baseUrl);
  return api(request, routes.kioskTokenCreate, { body: { label } }, { baseUrl, headers });
}

export async function revokeKioskToken(
  request: APIRequestContext,
  id: string,
  baseUrl = '',
): Promise<void> {
  const headers = await csrfHeaders(request, baseUrl);
  await api(request, routes.kioskTokenRevoke, { params: { id } }, { baseUrl, headers });
}
