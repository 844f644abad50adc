// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { appRoutes } from '../../app/router';
import { makeHost, makePool, stubApi, type FakeApi } from '../../test/api';
import { renderWithClient, viewerSession } from '../../test/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderPools(api: FakeApi) {
  stubApi(api);
  const router = createMemoryRouter(appRoutes, { initialEntries: ['/hosts/lab1'] });
  return renderWithClient(<RouterProvider router={router} />, undefined, viewerSession);
}

describe('the pools of a host', () => {
  test('an unreachable host: its last known pools are marked not live, with the reason', async () => {
    const reason = 'ssh: connect to host 10.0.0.9 port 22: Connection refused';
    renderPools({
      hosts: [makeHost({ state: 'unreachable', error: reason })],
      pools: { lab1: [makePool()] },
    });
    await screen.findByTestId('pool-row');
    const table = screen.getByRole('table', { name: 'Storage pools' });
    await waitFor(() => expect(table.dataset.stale).toBe('true'));
    expect(within(table).getByTestId('pools-stale').textContent).toContain(reason);
  });

  test('a connected host: the same pools are live (no stale mark)', async () => {
    renderPools({ hosts: [makeHost()], pools: { lab1: [makePool()] } });
    await screen.findByTestId('pool-row');
    expect(screen.getByRole('table', { name: 'Storage pools' }).dataset.stale).toBeUndefined();
    expect(screen.queryByTestId('pools-stale')).toBeNull();
  });

  test('a figure libvirt reported that cannot be a real size shows "unknown" and the error', async () => {
    const error =
      'libvirt reported allocation "18446744073622413312" bytes: cannot be a real size (libvirt\'s unsigned wrap-around)';
    renderPools({
      hosts: [makeHost()],
      pools: { lab1: [makePool({ name: 'full', allocation: null, error }), makePool()] },
    });
    const rows = await screen.findAllByTestId('pool-row');
    const full = rows.find((r) => r.dataset.poolName === 'full')!;
    expect(within(full).getByTestId('pool-allocation').textContent).toBe('unknown');
    expect(within(full).getByTestId('pool-allocation').title).toBe(error);
    expect(within(full).getByTestId('pool-error').textContent).toBe(error);
    // The other pool keeps its figures.
    const other = rows.find((r) => r.dataset.poolName === 'images')!;
    expect(within(other).getByTestId('pool-allocation').dataset.bytes).toBe(String(50 * 1024 ** 3));
  });
});
