// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { sessionKey } from '../../auth/session';
import { adminSession, jsonResponse, renderWithClient } from '../../test/render';
import { SignInPage } from './SignInPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderSignIn(answer: Response) {
  const fetchMock = vi.fn((path: string, init?: RequestInit) => {
    void path;
    void init;
    return Promise.resolve(answer.clone());
  });
  vi.stubGlobal('fetch', fetchMock);
  const router = createMemoryRouter(
    [
      { path: '/signin', element: <SignInPage /> },
      { path: '*', element: <p data-testid="landed">landed</p> },
    ],
    { initialEntries: ['/signin?next=%2Fhosts%2Flab1%3Fx%3D1'] },
  );
  const rendered = renderWithClient(<RouterProvider router={router} />, undefined, null);
  return { ...rendered, router, fetchMock };
}

function signIn(username = 'alice', password = 'secret-password') {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

test('wrong credentials: an error, the password cleared, still on the page', async () => {
  renderSignIn(jsonResponse(401, { error: { id: 'unauthenticated', message: 'bad login' } }));
  signIn();
  const error = await screen.findByTestId('signin-error');
  expect(error.textContent).toBe('Wrong username or password.');
  expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  expect(screen.getByLabelText('Username')).toHaveProperty('value', 'alice');
});

test('429 says how long to wait, from Retry-After', async () => {
  renderSignIn(
    jsonResponse(
      429,
      { error: { id: 'rate_limited', message: 'too many attempts' } },
      { 'Retry-After': '42' },
    ),
  );
  signIn();
  expect((await screen.findByTestId('signin-error')).textContent).toBe(
    'Too many attempts, try again in 42 s.',
  );
});

test('success stores the session and returns to the intended URL', async () => {
  const { client, router, fetchMock } = renderSignIn(jsonResponse(200, adminSession));
  signIn('alice', 'pw with spaces');
  await waitFor(() => expect(screen.getByTestId('landed')).toBeTruthy());
  expect(router.state.location.pathname).toBe('/hosts/lab1');
  expect(router.state.location.search).toBe('?x=1');
  expect(client.getQueryData(sessionKey())).toEqual(adminSession);
  const [path, init] = fetchMock.mock.calls[0] ?? [];
  expect(path).toBe('/api/session');
  expect(init?.method).toBe('POST');
  expect(JSON.parse(String(init?.body))).toEqual({
    username: 'alice',
    password: 'pw with spaces',
  });
});
