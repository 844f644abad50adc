// @vitest-environment happy-dom
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { jobKeys } from '../../../api/jobs';
import { makeVolume } from '../../../test/api';
import { makeJob } from '../../../test/jobs';
import { jsonResponse, renderWithClient } from '../../../test/render';
import { BulkVolumeDialog, type BulkAction } from './BulkVolumeDialog';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const volumes = [
  makeVolume({ name: 'a.raw' }),
  makeVolume({
    name: 'base image.raw',
    usedBy: [{ kind: 'domain', name: 'web-01', state: 'running' }],
  }),
  makeVolume({ name: 'c;$x.raw' }),
];
const url = (name: string) => `/api/hosts/lab1/pools/images/volumes/${encodeURIComponent(name)}`;

/** Answers the algorithms; every job request 202s unless `refuse` names the volume. */
function stubFetch(refuse: (path: string) => Response | null = () => null) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit = {}) => {
      if (path.endsWith('/wipe-algorithms')) {
        return Promise.resolve(
          jsonResponse(200, {
            algorithms: [{ algorithm: 'zero', passes: 1, supported: true, reason: null }],
          }),
        );
      }
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push({ path, method: init.method ?? 'GET', body });
      return Promise.resolve(refuse(path) ?? jsonResponse(202, makeJob()));
    }),
  );
  return calls;
}

function open(action: BulkAction) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(jobKeys.all(), []);
  const onStarted = vi.fn();
  const onClose = vi.fn();
  renderWithClient(
    <MemoryRouter>
      <BulkVolumeDialog
        hostId="lab1"
        pool="images"
        action={action}
        volumes={volumes}
        onStarted={onStarted}
        onClose={onClose}
      />
    </MemoryRouter>,
    client,
  );
  return { onStarted, onClose };
}

const confirmButton = () => screen.getByTestId('dialog-confirm') as HTMLButtonElement;
const tick = () => fireEvent.click(screen.getByRole('checkbox'));
const typeCount = (value: string) =>
  fireEvent.change(screen.getByLabelText(/type 3 to confirm/), { target: { value } });

test('one confirmation lists every volume and what uses it, then one DELETE each', async () => {
  const calls = stubFetch();
  const { onStarted, onClose } = open('delete');
  const listed = within(screen.getByTestId('bulk-volumes')).getAllByRole('listitem');
  expect(listed.map((li) => li.getAttribute('data-volume-name'))).toEqual(
    expect.arrayContaining(volumes.map((v) => v.name)),
  );
  expect(screen.getByTestId('bulk-in-use').textContent).toContain('domain web-01 (running)');
  expect(confirmButton().disabled).toBe(true);
  tick();
  // One of them is in use: the count must be typed as well.
  expect(confirmButton().disabled).toBe(true);
  typeCount('3');
  fireEvent.click(confirmButton());
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls.map((c) => [c.method, c.path]).sort()).toEqual(
    [
      ['DELETE', url('a.raw')],
      ['DELETE', `${url('base image.raw')}?force=true`],
      ['DELETE', url('c;$x.raw')],
    ].sort(),
  );
  expect(onStarted).toHaveBeenCalledWith(['a.raw', 'base image.raw', 'c;$x.raw']);
});

test('wipe sends the chosen algorithm to each; a refused volume stays with its reason', async () => {
  const calls = stubFetch((path) =>
    path.startsWith(url('c;$x.raw'))
      ? jsonResponse(409, { error: { id: 'locked', message: 'a job is already running on it' } })
      : null,
  );
  const { onStarted, onClose } = open('wipe');
  await screen.findByLabelText('Algorithm');
  tick();
  typeCount('3');
  fireEvent.click(confirmButton());
  await waitFor(() =>
    expect(screen.getByTestId('bulk-error').textContent).toContain('already running'),
  );
  expect(calls).toHaveLength(3);
  expect(
    calls.every(
      (c) => c.method === 'POST' && (c.body as { algorithm: string }).algorithm === 'zero',
    ),
  ).toBe(true);
  expect(onStarted).toHaveBeenCalledWith(['a.raw', 'base image.raw']);
  expect(onClose).not.toHaveBeenCalled();
  const left = within(screen.getByTestId('bulk-volumes')).getAllByRole('listitem', {
    hidden: true,
  });
  expect(
    left
      .filter((li) => li.hasAttribute('data-volume-name'))
      .map((li) => li.getAttribute('data-volume-name')),
  ).toEqual(['c;$x.raw']);
  expect(screen.getByRole('heading').textContent).toBe('Wipe 1 volume?');
});
