// @vitest-environment happy-dom
import type { VolumeUser } from '@poolwatch/shared';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { jobKeys } from '../../../api/jobs';
import { makeVolume } from '../../../test/api';
import { makeJob } from '../../../test/jobs';
import { jsonResponse, renderWithClient } from '../../../test/render';
import { DeleteVolumeDialog } from './DeleteVolumeDialog';
import { ResizeDialog } from './ResizeDialog';
import { WipeDialog } from './WipeDialog';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const users: VolumeUser[] = [
  { kind: 'domain', name: 'web-01', state: 'running' },
  { kind: 'volume', pool: 'overlays', name: 'web-01.qcow2' },
];
const NAME = 'base image.raw';
const path = '/api/hosts/lab1/pools/images/volumes/base%20image.raw';

function render(ui: React.ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(jobKeys.all(), []);
  // The users are links (an overlay to its volume's page): they need a router.
  return renderWithClient(<MemoryRouter>{ui}</MemoryRouter>, client);
}

/** fetch that answers the wipe-algorithms query and 202s every job request. */
function stubFetch(answer = () => jsonResponse(202, makeJob())) {
  const calls: { path: string; method: string }[] = [];
  const fetchMock = vi.fn((p: string, init: RequestInit = {}) => {
    if (p.endsWith('/wipe-algorithms')) {
      return Promise.resolve(
        jsonResponse(200, {
          algorithms: [{ algorithm: 'zero', passes: 1, supported: true, reason: null }],
        }),
      );
    }
    calls.push({ path: p, method: init.method ?? 'GET' });
    return Promise.resolve(answer());
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

const typeName = (value: string) =>
  fireEvent.change(screen.getByLabelText('Name of the volume to confirm'), { target: { value } });
const confirm = () => screen.getByTestId('dialog-confirm') as HTMLButtonElement;

test('delete of an unused volume: no typed name, no force', async () => {
  const calls = stubFetch();
  const onClose = vi.fn();
  render(
    <DeleteVolumeDialog
      hostId="lab1"
      pool="images"
      volume={makeVolume({ name: NAME })}
      onClose={onClose}
    />,
  );
  expect(screen.queryByTestId('in-use-notice')).toBeNull();
  fireEvent.click(confirm());
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls).toEqual([{ path, method: 'DELETE' }]);
});

test('delete of a used volume names its users and forces only once the name is typed', async () => {
  const calls = stubFetch();
  const onClose = vi.fn();
  render(
    <DeleteVolumeDialog
      hostId="lab1"
      pool="images"
      volume={makeVolume({ name: NAME, usedBy: users })}
      onClose={onClose}
    />,
  );
  const notice = screen.getByTestId('in-use-notice');
  expect(notice.textContent).toContain('domain web-01 (running)');
  expect(notice.textContent).toContain('overlay web-01.qcow2 in pool overlays');
  expect(confirm().disabled).toBe(true);
  typeName('base image');
  expect(confirm().disabled).toBe(true);
  typeName(NAME);
  expect(confirm().disabled).toBe(false);
  fireEvent.click(confirm());
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls).toEqual([{ path: `${path}?force=true`, method: 'DELETE' }]);
});

test('a 409 in_use for a volume the list thought unused shows the users, then forces', async () => {
  let first = true;
  const calls = stubFetch(() => {
    if (!first) return jsonResponse(202, makeJob());
    first = false;
    return jsonResponse(409, {
      error: { id: 'in_use', message: 'in use by web-01', usedBy: users },
    });
  });
  const onClose = vi.fn();
  render(
    <DeleteVolumeDialog
      hostId="lab1"
      pool="images"
      volume={makeVolume({ name: NAME })}
      onClose={onClose}
    />,
  );
  fireEvent.click(confirm());
  await waitFor(() => expect(screen.getByTestId('in-use-notice').textContent).toContain('web-01'));
  expect(onClose).not.toHaveBeenCalled();
  typeName(NAME);
  fireEvent.click(confirm());
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls.map((c) => c.path)).toEqual([path, `${path}?force=true`]);
});

test('wipe of a used volume: checkbox and typed name, then force', async () => {
  const calls = stubFetch();
  const onClose = vi.fn();
  render(
    <WipeDialog
      hostId="lab1"
      pool="images"
      volume={makeVolume({ name: NAME, usedBy: users })}
      onClose={onClose}
    />,
  );
  await screen.findByLabelText('Algorithm');
  fireEvent.click(screen.getByLabelText("I understand that the volume's data will be destroyed"));
  expect(confirm().disabled).toBe(true);
  typeName(NAME);
  fireEvent.click(confirm());
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls).toEqual([{ path: `${path}/wipe?force=true`, method: 'POST' }]);
});

test('resize: growing a used volume needs nothing; shrinking it needs the typed name and force', async () => {
  const calls = stubFetch();
  const volume = makeVolume({ name: NAME, usedBy: users, capacity: 4 * 1024 ** 3 });
  const onClose = vi.fn();
  render(<ResizeDialog hostId="lab1" pool="images" volume={volume} onClose={onClose} />);
  const amount = screen.getByLabelText('Capacity');
  fireEvent.change(amount, { target: { value: '8' } });
  expect(screen.queryByTestId('in-use-notice')).toBeNull();
  fireEvent.change(amount, { target: { value: '2' } });
  fireEvent.click(screen.getByLabelText('Shrink'));
  expect(screen.getByTestId('in-use-notice').textContent).toContain('web-01');
  expect(confirm().disabled).toBe(true);
  typeName(NAME);
  fireEvent.click(confirm());
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls).toEqual([{ path: `${path}/resize?force=true`, method: 'POST' }]);
});
