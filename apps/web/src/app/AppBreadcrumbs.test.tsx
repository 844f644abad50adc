// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { makeHost, makePool, makeVolume, stubApi } from '../test/api';
import { adminSession, renderWithClient } from '../test/render';
import { appRoutes } from './router';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Each crumb's text and, when it is a link, where it goes. */
async function crumbsAt(url: string): Promise<() => string[]> {
  stubApi({
    hosts: [makeHost()],
    pools: { lab1: [makePool()] },
    volumes: [makeVolume()],
    jobs: [],
  });
  const router = createMemoryRouter(appRoutes, { initialEntries: [url] });
  renderWithClient(<RouterProvider router={router} />, undefined, adminSession);
  const nav = await screen.findByRole('navigation', { name: 'Breadcrumb' });
  return () =>
    within(nav)
      .getAllByRole('listitem')
      .map((li) => {
        const link = li.querySelector('a');
        const text = (li.textContent ?? '').replace(/^›\s*/, '').trim();
        return link ? `${text} → ${link.getAttribute('href')}` : text;
      });
}

test.each([
  ['/admin/users', ['Administration', 'Users']],
  ['/admin/kiosk-tokens', ['Administration', 'Kiosk tokens']],
  ['/admin/audit?user=alice', ['Administration', 'Audit log']],
  ['/jobs', ['Jobs']],
  ['/jobs/j%201', ['Jobs → /jobs', 'Job j 1']],
  ['/hosts/lab1/pools/images', ['Hosts → /', 'Lab 1 → /hosts/lab1', 'images']],
])('%s', async (url, expected) => {
  const crumbs = await crumbsAt(url);
  // The host's label arrives with the hosts list.
  await waitFor(() => expect(crumbs()).toEqual(expected));
});

test('the last crumb is the current page', async () => {
  await crumbsAt('/admin/audit');
  const current = screen.getByText('Audit log', { selector: '[aria-current="page"]' });
  expect(current).toBeTruthy();
});
