import type { SessionInfo } from '@poolwatch/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { sessionKey } from '../auth/session';

export const adminSession: SessionInfo = {
  user: 'alice',
  role: 'admin',
  kind: 'user',
  csrfToken: 'csrf-admin',
};
export const viewerSession: SessionInfo = {
  user: 'victor',
  role: 'viewer',
  kind: 'user',
  csrfToken: 'csrf-viewer',
};

export const testClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

/**
 * Render with a fresh query client (no retries: tests assert the first answer), signed in
 * as an admin unless told otherwise (`null`: signed out).
 */
export function renderWithClient(
  ui: ReactElement,
  client = testClient(),
  session: SessionInfo | null = adminSession,
) {
  if (client.getQueryData(sessionKey()) === undefined) client.setQueryData(sessionKey(), session);
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) };
}

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
