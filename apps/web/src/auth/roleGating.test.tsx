// @vitest-environment happy-dom
import type { SessionInfo } from '@poolwatch/shared';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { appRoutes } from '../app/router';
import { makeHost, makePool, makeVolume, stubApi } from '../test/api';
import { makeJob } from '../test/jobs';
import { adminSession, renderWithClient, viewerSession } from '../test/render';

// happy-dom lays nothing out: give the virtual volume grid a screenful so it renders rows.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** The real routes and pages, with a running job on the volume shown. */
function renderAt(url: string, session: SessionInfo) {
  stubApi({
    hosts: [makeHost()],
    pools: { lab1: [makePool()] },
    volumes: [makeVolume()],
    jobs: [
      makeJob({
        id: 'j1',
        hostId: 'lab1',
        target: { pool: 'images', volume: 'disk.qcow2', targetPool: null, targetVolume: 'copy' },
      }),
    ],
  });
  const router = createMemoryRouter(appRoutes, { initialEntries: [url] });
  return renderWithClient(<RouterProvider router={router} />, undefined, session);
}

/** Every action control of the dashboard, by test id. */
const ACTIONS = [
  'volume-actions',
  'volume-select',
  'volume-select-all',
  'create-volume',
  'upload-dropzone',
  'pool-actions',
  'job-cancel',
];

describe('a pool page', () => {
  test('a viewer sees the data and no action control at all', async () => {
    renderAt('/hosts/lab1/pools/images', viewerSession);
    await screen.findByTestId('volume-row');
    await waitFor(() => expect(screen.getAllByTestId('job-row')).toHaveLength(1));
    for (const id of ACTIONS) expect(screen.queryByTestId(id), id).toBeNull();
    // The job's progress is still there, in the panel and in the volume's row.
    expect(screen.getAllByRole('progressbar').length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByTestId('admin-nav')).toBeNull();
    const menu = screen.getByTestId('user-menu');
    expect(menu.textContent).toContain('victor');
    expect(within(menu).getByTestId('user-menu-role').textContent).toBe('viewer');
    expect(within(menu).getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  test('an admin gets every control and the admin links', async () => {
    renderAt('/hosts/lab1/pools/images', adminSession);
    await screen.findByTestId('volume-row');
    await waitFor(() => expect(screen.queryByTestId('job-cancel')).not.toBeNull());
    for (const id of ACTIONS) expect(screen.getAllByTestId(id).length, id).toBeGreaterThan(0);
    const nav = screen.getByTestId('admin-nav');
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Users', 'Kiosk tokens', 'Audit']);
  });
});

test('a viewer gets no "Define pool" and no pool actions column on the host page', async () => {
  renderAt('/hosts/lab1', viewerSession);
  await screen.findByTestId('pool-row');
  expect(screen.queryByTestId('define-pool')).toBeNull();
  expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
});

test('a viewer typing an admin URL gets no admin page', async () => {
  renderAt('/admin/users', viewerSession);
  expect(await screen.findByText('Your role cannot open this page')).toBeTruthy();
});

test('signed out: the guard sends the page to sign-in, keeping where it was going', async () => {
  stubApi({});
  const router = createMemoryRouter(appRoutes, { initialEntries: ['/hosts/lab1?x=1'] });
  renderWithClient(<RouterProvider router={router} />, undefined, null);
  await screen.findByRole('button', { name: 'Sign in' });
  expect(router.state.location.pathname).toBe('/signin');
  expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/hosts/lab1?x=1');
});
