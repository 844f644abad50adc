// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, expect, test } from 'vitest';
import { hostsQuery } from '../../api/queries';
import { ConnectionStatusContext, type ConnectionStatus } from '../../realtime/connectionStatus';
import { makeHost } from '../../test/api';
import { testClient } from '../../test/render';
import { HostLayout } from './HostLayout';
import { HostRow } from './HostRow';

afterEach(cleanup);

function renderHostPage(status: ConnectionStatus, state: 'connected' | 'unreachable') {
  const client = testClient();
  client.setQueryData(hostsQuery().queryKey, [makeHost({ state, error: 'ssh: no route' })]);
  const router = createMemoryRouter(
    [
      {
        path: '/hosts/:hostId',
        element: <HostLayout />,
        children: [
          {
            index: true,
            element: (
              <>
                <button type="button">Act</button>
                <table>
                  <tbody>
                    <HostRow host={makeHost({ state })} />
                  </tbody>
                </table>
              </>
            ),
          },
        ],
      },
    ],
    { initialEntries: ['/hosts/lab1'] },
  );
  render(
    <QueryClientProvider client={client}>
      <ConnectionStatusContext value={{ status, staleSince: status === 'live' ? null : 1 }}>
        <RouterProvider router={router} />
      </ConnectionStatusContext>
    </QueryClientProvider>,
  );
}

const act = () => screen.getByRole('button', { name: 'Act' }) as HTMLButtonElement;
/**
 * Whether the page's controls are disabled by the gate: a disabled fieldset around them (the
 * browser then disables every descendant control; happy-dom does not model that, e2e
 * reconnect.spec.ts checks it in Chromium).
 */
const gated = () => {
  const gate = screen.getByTestId('host-actions-gate') as HTMLFieldSetElement;
  return gate.disabled && gate.contains(act());
};

test('live and connected: no banner, actions enabled, state as reported', () => {
  renderHostPage('live', 'connected');
  expect(screen.queryByTestId('server-unreachable')).toBeNull();
  expect(screen.queryByTestId('host-unreachable')).toBeNull();
  expect(gated()).toBe(false);
  expect(screen.getByTestId('host-state').textContent).toBe('connected');
});

test('the Poolwatch server is unreachable: says so, state unknown, actions disabled', () => {
  renderHostPage('reconnecting', 'connected');
  expect(screen.getByTestId('server-unreachable').textContent).toContain(
    'The Poolwatch server cannot be reached',
  );
  expect(screen.getByTestId('host-state').textContent).toBe('unknown');
  expect(gated()).toBe(true);
});

test('the host is unreachable: its banner, actions disabled', () => {
  renderHostPage('live', 'unreachable');
  expect(screen.getByTestId('host-unreachable').textContent).toContain('ssh: no route');
  expect(gated()).toBe(true);
});
