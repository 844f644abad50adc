// @vitest-environment happy-dom
import type { Volume } from '@poolwatch/shared';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, expect, test, vi } from 'vitest';
import { jobKeys } from '../../../api/jobs';
import { queryKeys } from '../../../api/queries';
import { jsonResponse, renderWithClient } from '../../../test/render';
import { CloneDialog } from './CloneDialog';
import { CreateVolumeDialog } from './CreateVolumeDialog';
import { ResizeDialog } from './ResizeDialog';

/** The BFF's 409 insufficient_space in the create, clone and resize dialogs. */
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const GiB = 1024 ** 3;
const refusal = {
  error: {
    id: 'insufficient_space',
    message: 'not enough space in pool "images": the clone needs 3221225472 bytes (3.00 GiB)',
    needed: 3 * GiB,
    available: 1.5 * GiB,
  },
};
const volume: Volume = {
  name: 'disk.raw',
  key: 'k',
  path: '/p/disk.raw',
  type: 'file',
  format: 'raw',
  capacity: GiB,
  allocation: GiB,
  backingStore: null,
  backingVolume: null,
  error: null,
  usedBy: [],
};

function renderDialog(ui: ReactElement) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  client.setQueryData(queryKeys.pools('lab1'), []);
  client.setQueryData(jobKeys.all(), []);
  renderWithClient(ui, client);
}

test.each([
  ['create', () => <CreateVolumeDialog hostId="lab1" pool="images" onClose={vi.fn()} />],
  ['clone', () => <CloneDialog hostId="lab1" pool="images" volume={volume} onClose={vi.fn()} />],
  ['resize', () => <ResizeDialog hostId="lab1" pool="images" volume={volume} onClose={vi.fn()} />],
])('%s: the 409 message and the figures in IEC units stay in the open dialog', async (kind, ui) => {
  vi.stubGlobal('fetch', () => Promise.resolve(jsonResponse(409, refusal)));
  renderDialog(ui());
  if (kind === 'create')
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'n' } });
  if (kind === 'resize')
    fireEvent.change(screen.getByLabelText('Capacity'), { target: { value: '4' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  await waitFor(() => expect(screen.getByTestId('dialog-error')).toBeTruthy());
  const alert = screen.getByTestId('dialog-error').textContent ?? '';
  expect(alert).toContain(refusal.error.message);
  expect(screen.getByTestId('dialog-error-space').textContent).toMatch(
    /Needs 3 GiB, the pool has 1\.5 GiB available\./,
  );
  expect(screen.getByTestId('dialog-error-needed').dataset.bytes).toBe(String(3 * GiB));
  expect(screen.getByTestId('dialog-error-available').dataset.bytes).toBe(String(1.5 * GiB));
  expect(screen.getByRole('dialog')).toBeTruthy();
});
