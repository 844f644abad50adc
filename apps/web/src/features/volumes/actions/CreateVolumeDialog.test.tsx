// @vitest-environment happy-dom
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { jobKeys } from '../../../api/jobs';
import { makeJob } from '../../../test/jobs';
import { jsonResponse, renderWithClient } from '../../../test/render';
import { CreateVolumeDialog } from './CreateVolumeDialog';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

test('the limit field: only for a raw volume with space to reserve (Poolwatch allocates it)', async () => {
  const fetchMock = vi.fn((_path: string, _init: RequestInit) =>
    Promise.resolve(jsonResponse(202, makeJob({ id: 'created' }))),
  );
  vi.stubGlobal('fetch', fetchMock);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(jobKeys.all(), []);
  renderWithClient(<CreateVolumeDialog hostId="lab1" pool="images" onClose={vi.fn()} />, client);
  const limitField = () => screen.queryByLabelText('Limit (MiB/s)');
  // qcow2 (the default) and no allocation: libvirt does it in one call, nothing to limit.
  expect(limitField()).toBeNull();
  fireEvent.change(screen.getByLabelText('Allocation'), { target: { value: '2' } });
  expect(limitField()).toBeNull();
  fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'raw' } });
  fireEvent.change(limitField()!, { target: { value: '25' } });
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'big.raw' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
  expect(JSON.parse(fetchMock.mock.calls[0]![1].body as string)).toMatchObject({
    name: 'big.raw',
    format: 'raw',
    allocation: 2 * 1024 ** 3,
    bandwidth: 25 * 1024 * 1024,
  });
});
