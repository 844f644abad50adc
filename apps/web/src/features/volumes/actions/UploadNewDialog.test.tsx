// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { renderWithClient } from '../../../test/render';
import { UploadNewDialog } from './UploadNewDialog';
import { uploadFingerprint } from './uploadResumable';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const file = (name: string) =>
  new File([new Uint8Array(10)], name, { lastModified: 1700000000000 });

function renderDialog(picked: File) {
  const onStart = vi.fn();
  const onClose = vi.fn();
  renderWithClient(
    <UploadNewDialog
      hostId="lab1"
      pool="images"
      file={picked}
      onClose={onClose}
      onStart={onStart}
    />,
  );
  return { onStart, onClose };
}

test('a .qcow2 file: name and format from the file, started as given', () => {
  const picked = file('debian 12.qcow2');
  const { onStart, onClose } = renderDialog(picked);
  expect(screen.getByLabelText<HTMLInputElement>('Volume name').value).toBe('debian 12.qcow2');
  expect(screen.getByLabelText<HTMLSelectElement>('Format').value).toBe('qcow2');
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(onStart).toHaveBeenCalledWith(
    expect.objectContaining({
      hostId: 'lab1',
      pool: 'images',
      volume: 'debian 12.qcow2',
      format: 'qcow2',
      create: true,
      file: picked,
      resume: null,
      discard: null,
    }),
  );
  expect(onClose).toHaveBeenCalled();
});

test('any other file defaults to raw; the admin changes name and format before it starts', () => {
  const { onStart } = renderDialog(file('disk.img'));
  expect(screen.getByLabelText<HTMLSelectElement>('Format').value).toBe('raw');
  fireEvent.change(screen.getByLabelText('Volume name'), { target: { value: 'vm1-root' } });
  fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'qcow2' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(onStart).toHaveBeenCalledWith(
    expect.objectContaining({ volume: 'vm1-root', format: 'qcow2' }),
  );
});

test('a name the server would refuse is said, and nothing starts', () => {
  const { onStart } = renderDialog(file('disk.img'));
  fireEvent.change(screen.getByLabelText('Volume name'), { target: { value: 'a/b' } });
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(screen.getByText(/must not contain "\/"/)).toBeTruthy();
  expect(onStart).not.toHaveBeenCalled();
});

/**
 * An earlier (closed) tab's upload of `disk.img` into a new raw volume, as tus-js-client
 * stored it: the picked file and its localStorage key.
 */
function earlierUpload(uploadUrl: string, metadata: Record<string, string> = {}) {
  const picked = file('disk.img');
  const target = {
    hostId: 'lab1',
    pool: 'images',
    volume: 'disk.img',
    create: true,
    format: 'raw',
  } as const;
  const key = `tus::${uploadFingerprint(target, picked)}::1`;
  localStorage.setItem(key, JSON.stringify({ size: 10, metadata, creationTime: 'x', uploadUrl }));
  return { picked, key };
}

test('an unfinished upload of the same file to the same name is offered for resume', async () => {
  const { picked } = earlierUpload('/api/uploads/job-7', { create: '1' });
  const fetchMock = vi.fn(() =>
    Promise.resolve(
      new Response(null, {
        status: 200,
        headers: { 'Upload-Offset': '4194304', 'Upload-Length': '8388608' },
      }),
    ),
  );
  vi.stubGlobal('fetch', fetchMock);
  const { onStart } = renderDialog(picked);
  await waitFor(() => expect(screen.getByTestId('upload-resume-offer')).toBeTruthy());
  expect(fetchMock).toHaveBeenCalledWith(
    '/api/uploads/job-7',
    expect.objectContaining({ method: 'HEAD' }),
  );
  expect(screen.getByLabelText(/Resume from 4 MiB/)).toBeTruthy();
  fireEvent.click(screen.getByTestId('dialog-confirm'));
  expect(onStart).toHaveBeenCalledWith(
    expect.objectContaining({
      resume: expect.objectContaining({ uploadUrl: '/api/uploads/job-7' }),
      discard: null,
    }),
  );
});

test('no offer when the server no longer holds the earlier upload; its entry is forgotten', async () => {
  const { picked, key } = earlierUpload('/api/uploads/gone');
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(null, { status: 410 }))),
  );
  renderDialog(picked);
  await waitFor(() => expect(localStorage.getItem(key)).toBeNull());
  expect(screen.queryByTestId('upload-resume-offer')).toBeNull();
});

test('no limit field: the dialog says an upload is limited from the jobs panel once it runs', () => {
  renderDialog(file('disk.img'));
  expect(screen.queryByLabelText('Limit (MiB/s)')).toBeNull();
  expect(screen.getByTestId('bandwidth-unavailable').textContent).toMatch(
    /set its limit from the jobs panel/,
  );
});
