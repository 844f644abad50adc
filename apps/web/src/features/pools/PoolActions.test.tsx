// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, MemoryRouter, RouterProvider } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { makePool } from '../../test/api';
import { makeJob } from '../../test/jobs';
import { jsonResponse, renderWithClient } from '../../test/render';
import { PoolActions } from './PoolActions';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function stubFetch() {
  const calls: { path: string; method: string }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit = {}) => {
      calls.push({ path, method: init.method ?? 'GET' });
      return Promise.resolve(jsonResponse(202, makeJob()));
    }),
  );
  return calls;
}

const confirm = () => screen.getByTestId('dialog-confirm') as HTMLButtonElement;
const base = '/api/hosts/lab1/pools/prod%20images';

test('Stop asks first; Cancel sends nothing, Stop pool sends the stop', async () => {
  const calls = stubFetch();
  renderWithClient(
    <MemoryRouter>
      <PoolActions hostId="lab1" pool={makePool({ name: 'prod images' })} />
    </MemoryRouter>,
  );
  fireEvent.click(screen.getByTestId('pool-action-stop'));
  expect(screen.getByTestId('stop-pool-dialog').textContent).toContain('prod images');
  fireEvent.click(screen.getByTestId('dialog-cancel'));
  expect(screen.queryByTestId('stop-pool-dialog')).toBeNull();
  expect(calls).toEqual([]);

  fireEvent.click(screen.getByTestId('pool-action-stop'));
  fireEvent.click(confirm());
  await waitFor(() => expect(screen.queryByTestId('stop-pool-dialog')).toBeNull());
  expect(calls).toEqual([{ path: `${base}/stop`, method: 'POST' }]);
});

test('Delete with data needs the pool name typed; Undefine confirms in a dialog', async () => {
  const calls = stubFetch();
  const pool = makePool({ name: 'prod images', state: 'inactive' });
  renderWithClient(
    <MemoryRouter>
      <PoolActions hostId="lab1" pool={pool} />
    </MemoryRouter>,
  );

  fireEvent.click(screen.getByTestId('pool-action-delete'));
  expect(confirm().disabled).toBe(true);
  const typed = screen.getByLabelText('Name of the pool to confirm');
  fireEvent.change(typed, { target: { value: 'prod' } });
  expect(confirm().disabled).toBe(true);
  fireEvent.change(typed, { target: { value: 'prod images' } });
  expect(confirm().disabled).toBe(false);
  fireEvent.click(confirm());
  await waitFor(() => expect(screen.queryByTestId('delete-pool-dialog')).toBeNull());
  expect(calls).toEqual([{ path: `${base}?deleteData=true`, method: 'DELETE' }]);

  fireEvent.click(screen.getByTestId('pool-action-undefine'));
  expect(screen.getByTestId('undefine-pool-dialog')).toBeTruthy();
  expect(calls).toHaveLength(1);
  fireEvent.click(confirm());
  await waitFor(() => expect(calls).toHaveLength(2));
  expect(calls[1]).toEqual({ path: `${base}?deleteData=false`, method: 'DELETE' });
});

test("undefined from its own page: the page goes to the host's pool list", async () => {
  stubFetch();
  const pool = makePool({ name: 'prod images', state: 'inactive' });
  const router = createMemoryRouter(
    [
      { path: '/hosts/:hostId', element: <p>pool list</p> },
      { path: '/hosts/:hostId/pools/:pool', element: <PoolActions hostId="lab1" pool={pool} /> },
    ],
    { initialEntries: ['/hosts/lab1/pools/prod%20images'] },
  );
  renderWithClient(<RouterProvider router={router} />);
  fireEvent.click(screen.getByTestId('pool-action-undefine'));
  fireEvent.click(confirm());
  await waitFor(() => expect(router.state.location.pathname).toBe('/hosts/lab1'));
  expect(screen.getByText('pool list')).toBeTruthy();
});

test('undefined from the pool list: the list stays', async () => {
  stubFetch();
  const pool = makePool({ name: 'other', state: 'inactive' });
  const router = createMemoryRouter(
    [{ path: '/hosts/:hostId', element: <PoolActions hostId="lab1" pool={pool} /> }],
    { initialEntries: ['/hosts/lab1'] },
  );
  renderWithClient(<RouterProvider router={router} />);
  fireEvent.click(screen.getByTestId('pool-action-undefine'));
  fireEvent.click(confirm());
  await waitFor(() => expect(screen.queryByTestId('undefine-pool-dialog')).toBeNull());
  expect(router.state.location.pathname).toBe('/hosts/lab1');
});
