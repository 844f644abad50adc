// @vitest-environment happy-dom
import type { Pool, Volume } from '@poolwatch/shared';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { jobKeys } from '../../../api/jobs';
import { queryKeys } from '../../../api/queries';
import { makeJob } from '../../../test/jobs';
import { jsonResponse, renderWithClient } from '../../../test/render';
import { CloneDialog } from './CloneDialog';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const volume: Volume = {
  name: 'disk 1;$x.qcow2',
  key: 'k',
  path: '/p',
  type: 'file',
  format: 'qcow2',
  capacity: 1024,
  allocation: 0,
  backingStore: null,
  backingVolume: null,
  usedBy: [],
  error: null,
};
const pool = (name: string, state: Pool['state']): Pool => ({
  name,
  uuid: name,
  type: 'dir',
  state,
  persistent: true,
  autostart: false,
  capacity: 0,
  allocation: 0,
  available: 0,
  targetPath: null,
  volumeCount: null,
  error: null,
});

function renderDialog(onClose = vi.fn(), source: Volume = volume) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  client.setQueryData(queryKeys.pools('lab1'), [
    pool('demo-images', 'running'),
    pool('demo-golden', 'running'),
    pool('off', 'inactive'),
  ]);
  client.setQueryData(jobKeys.all(), []);
  renderWithClient(
    <CloneDialog hostId="lab1" pool="demo-images" volume={source} onClose={onClose} />,
    client,
  );
  return { client, onClose };
}

test('defaults, running target pools, and the shared schema message next to the field', () => {
  const fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  renderDialog();
  expect(screen.getByRole('dialog')).toBeTruthy();
  const name = screen.getByLabelText('Name') as HTMLInputElement;
  expect(name.value).toBe('disk 1;$x.qcow2-clone');
  const targets = [...(screen.getByLabelText('Target pool') as HTMLSelectElement).options];
  expect(targets.map((o) => o.value)).toEqual(['demo-images', 'demo-golden']);
  expect((screen.getByLabelText('Format') as HTMLSelectElement).value).toBe('');

  fireEvent.change(name, { target: { value: 'a/b' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(screen.getByText('must not contain "/"')).toBeTruthy();
  expect(name.getAttribute('aria-invalid')).toBe('true');
  expect(fetchMock).not.toHaveBeenCalled();
});

test('sends the request and shows the server 409 message in the dialog', async () => {
  const fetchMock = vi.fn((path: string, init: RequestInit) => {
    void path;
    void init;
    return Promise.resolve(
      jsonResponse(409, { error: { id: 'conflict', message: 'volume "copy" already exists' } }),
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  const { onClose } = renderDialog();
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'copy' } });
  fireEvent.change(screen.getByLabelText('Target pool'), { target: { value: 'demo-golden' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));

  await waitFor(() =>
    expect(screen.getByTestId('dialog-error').textContent).toContain(
      'volume "copy" already exists',
    ),
  );
  expect(onClose).not.toHaveBeenCalled();
  const [path, init] = fetchMock.mock.calls[0]!;
  expect(path).toBe('/api/hosts/lab1/pools/demo-images/volumes/disk%201%3B%24x.qcow2/clone');
  expect(JSON.parse(init.body as string)).toEqual({ name: 'copy', targetPool: 'demo-golden' });
});

test('a 202 closes the dialog and puts the job in the list', async () => {
  vi.stubGlobal('fetch', () => Promise.resolve(jsonResponse(202, makeJob({ id: 'new-job' }))));
  const { client, onClose } = renderDialog();
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(client.getQueryData<{ id: string }[]>(jobKeys.all())?.map((j) => j.id)).toEqual([
    'new-job',
  ]);
});

test('Cancel and Esc close without a request', () => {
  const fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  const { onClose } = renderDialog();
  fireEvent.click(screen.getByTestId('dialog-cancel'));
  fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
  expect(onClose).toHaveBeenCalledTimes(2);
  expect(fetchMock).not.toHaveBeenCalled();
});

test('the limit field: only for a raw → raw copy (limitable), sent as bytes; empty sends none', async () => {
  const fetchMock = vi.fn((_path: string, _init: RequestInit) =>
    Promise.resolve(jsonResponse(202, makeJob({ id: 'limited' }))),
  );
  vi.stubGlobal('fetch', fetchMock);
  renderDialog(vi.fn(), { ...volume, name: 'base.raw', format: 'raw' });
  expect(screen.getByLabelText('Limit (MiB/s)')).toBeTruthy();
  fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'qcow2' } });
  expect(screen.queryByLabelText('Limit (MiB/s)')).toBeNull();
  fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'raw' } });
  fireEvent.change(screen.getByLabelText('Limit (MiB/s)'), { target: { value: '0.5' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(screen.getByTestId('bandwidth-error')).toBeTruthy();
  expect(fetchMock).not.toHaveBeenCalled();
  fireEvent.change(screen.getByLabelText('Limit (MiB/s)'), { target: { value: '50' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
  expect(JSON.parse(fetchMock.mock.calls[0]![1].body as string)).toEqual({
    name: 'base.raw-clone',
    format: 'raw',
    bandwidth: 50 * 1024 * 1024,
  });
});

test('a qcow2 source offers no limit field (libvirt converts it, nothing limits that)', () => {
  vi.stubGlobal('fetch', vi.fn());
  renderDialog();
  expect(screen.queryByLabelText('Limit (MiB/s)')).toBeNull();
});
