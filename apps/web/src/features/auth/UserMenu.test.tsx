// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { setCsrfToken } from '../../api/http';
import { queryKeys } from '../../api/queries';
import { appRoutes } from '../../app/router';
import { sessionKey } from '../../auth/session';
import { makeHost, stubApi } from '../../test/api';
import { adminSession, renderWithClient } from '../../test/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

test('Sign out: DELETE with the CSRF token, then a plain /signin and an empty cache', async () => {
  const api = { hosts: [makeHost()], session: adminSession as unknown };
  const fetchMock = stubApi(api);
  setCsrfToken(adminSession.csrfToken);
  const router = createMemoryRouter(appRoutes, { initialEntries: ['/admin/audit'] });
  const { client } = renderWithClient(<RouterProvider router={router} />);
  client.setQueryData(queryKeys.hosts(), [makeHost()]);
  fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
  await screen.findByRole('button', { name: 'Sign in' });
  await waitFor(() => expect(client.getQueryData(sessionKey())).toBeNull());
  // Not "?next=/admin/audit": the next person to sign in may not be an admin.
  expect(router.state.location.pathname).toBe('/signin');
  expect(router.state.location.search).toBe('');
  expect(client.getQueryData(queryKeys.hosts())).toBeUndefined();
  const del = fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE');
  expect(del?.[0]).toBe('/api/session');
  expect(new Headers(del?.[1]?.headers).get('X-CSRF-Token')).toBe('csrf-admin');
});
