// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { jobKeys } from '../../api/jobs';
import { makeJob } from '../../test/jobs';
import { jsonResponse, renderWithClient } from '../../test/render';
import { QueryClient } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { JOBS_PANEL_KEY, JobsPanel } from './JobsPanel';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPanel(jobs = [makeJob()]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // Seeded like a finished GET /api/jobs; staleTime Infinity keeps it from refetching.
  client.setQueryData(jobKeys.all(), jobs);
  return renderWithClient(
    <MemoryRouter>
      <JobsPanel />
    </MemoryRouter>,
    client,
  );
}

const row = (id: string) => {
  const el = screen.getAllByTestId('job-row').find((r) => r.dataset.jobId === id);
  if (!el) throw new Error(`no row ${id}`);
  return el;
};

test('Cancel only for cancellable queued/running jobs; the note otherwise', () => {
  renderPanel([
    makeJob({ id: 'a', state: 'running', cancellable: true }),
    makeJob({ id: 'b', state: 'queued', cancellable: true }),
    makeJob({
      id: 'c',
      state: 'running',
      cancellable: false,
      cancelNote: 'libvirt cannot abort a resize',
      kind: 'volume.resize',
    }),
    makeJob({ id: 'd', state: 'cancelling', cancellable: true }),
  ]);
  expect(within(row('a')).queryByTestId('job-cancel')).not.toBeNull();
  expect(within(row('b')).queryByTestId('job-cancel')).not.toBeNull();
  expect(within(row('c')).queryByTestId('job-cancel')).toBeNull();
  expect(within(row('c')).getByTestId('job-cancel-note').textContent).toBe(
    'libvirt cannot abort a resize',
  );
  expect(within(row('d')).queryByTestId('job-cancel')).toBeNull();
});

test('rows carry id, kind and state, the target and the source', () => {
  renderPanel([
    makeJob({ target: { pool: 'p 1', volume: 'a;b', targetPool: 'p2', targetVolume: '$x' } }),
  ]);
  const r = row('job-1');
  expect(r.dataset.jobKind).toBe('volume.clone');
  expect(r.dataset.jobState).toBe('running');
  expect(r.textContent).toContain('Clone');
  expect(within(r).getByTestId('job-target').textContent).toContain('p 1/a;b → p2/$x');
  expect(within(r).getByTestId('job-source').textContent).toBe('progress from the host');
  expect(within(r).getByTestId('job-source').title).toBe('host probe: target allocation');
  expect(within(r).getByTestId('job-progress').getAttribute('aria-valuenow')).toBe('32');
});

test('finished jobs go to the history with their error', () => {
  renderPanel([
    makeJob({
      id: 'f',
      state: 'failed',
      endedAt: '2025-01-01T10:00:11.000Z',
      error: { id: 'libvirt_error', message: 'Storage volume not found' },
    }),
  ]);
  const history = screen.getByTestId('jobs-history');
  const r = within(history).getByTestId('job-row');
  expect(r.dataset.jobState).toBe('failed');
  expect(within(r).getByTestId('job-error').textContent).toBe('Storage volume not found');
  expect(r.textContent).toContain('10 s');
  expect(within(r).queryByTestId('job-progress')).toBeNull();
});

test('Cancel posts to the job and shows a 409 answer', async () => {
  const fetchMock = vi.fn(() =>
    Promise.resolve(
      jsonResponse(409, { error: { id: 'job_not_cancellable', message: 'already over' } }),
    ),
  );
  vi.stubGlobal('fetch', fetchMock);
  renderPanel([makeJob({ id: 'id/with slash' })]);
  fireEvent.click(screen.getByTestId('job-cancel'));
  await waitFor(() =>
    expect(screen.getByTestId('job-cancel-error').textContent).toBe('already over'),
  );
  expect(fetchMock).toHaveBeenCalledWith(
    '/api/jobs/id%2Fwith%20slash/cancel',
    expect.objectContaining({ method: 'POST' }),
  );
});

test("a user's cancel says who, in a neutral tone; an interrupted job lists what was cleaned", () => {
  renderPanel([
    makeJob({
      id: 'u',
      state: 'cancelled',
      cancelledBy: 'alice',
      endedAt: '2025-01-01T10:00:09.000Z',
    }),
    makeJob({
      id: 'i',
      state: 'interrupted',
      endedAt: '2025-01-01T10:00:09.000Z',
      error: {
        id: 'job_interrupted',
        message: 'Poolwatch stopped while this volume.clone job ran; cleaned up',
      },
      cleanup: {
        state: 'done',
        at: '2025-01-01T10:00:12.000Z',
        cleaned: ['stopped dd (pid 12) on the host', 'deleted the partial target volume "copy"'],
        error: null,
      },
    }),
  ]);
  const state = within(row('u')).getByTestId('job-state');
  expect(state.textContent).toBe('cancelled by alice');
  expect(state.className).not.toContain('danger');
  const cleaned = within(row('i')).getByTestId('job-cleanup');
  expect(cleaned.textContent).toContain('stopped dd (pid 12) on the host');
  expect(cleaned.textContent).toContain('deleted the partial target volume "copy"');
  expect(within(row('i')).getByTestId('job-error').className).not.toContain('text-danger');
});

test('a job started outside Poolwatch says so; Poolwatch’s own do not', () => {
  renderPanel([
    makeJob({ id: 'ext', origin: 'external', kind: 'volume.wipe' }),
    makeJob({ id: 'own' }),
  ]);
  expect(row('ext').dataset.jobOrigin).toBe('external');
  expect(within(row('ext')).getByTestId('job-origin').textContent).toBe(
    'started outside Poolwatch',
  );
  expect(within(row('own')).queryByTestId('job-origin')).toBeNull();
});

test('Pause and a limit only where the server says they are enforced; a paused bar says so', async () => {
  const fetchMock = vi.fn((url: string, init: RequestInit) =>
    Promise.resolve(
      jsonResponse(url.endsWith('/limits') ? 200 : 202, {
        ...makeJob({ id: 'own', pausable: true, limitable: true }),
        limits: JSON.parse(String(init.body ?? '{}')).bytesPerSecond
          ? { bytesPerSecond: 52428800, enforcedBy: 'cgroup v1 blkio.throttle on 254:0' }
          : { bytesPerSecond: null, enforcedBy: null },
        seq: 9,
      }),
    ),
  );
  vi.stubGlobal('fetch', fetchMock);
  renderPanel([
    makeJob({ id: 'own', pausable: true, limitable: true }),
    makeJob({ id: 'libvirt' }),
    makeJob({ id: 'held', state: 'paused', pausable: true, limitable: true, seq: 3 }),
  ]);
  expect(within(row('libvirt')).queryByTestId('job-pause')).toBeNull();
  expect(within(row('libvirt')).queryByTestId('job-limit-input')).toBeNull();
  expect(within(row('held')).getByTestId('job-resume')).not.toBeNull();
  expect(within(row('held')).getByTestId('job-progress').dataset.paused).toBe('true');
  expect(within(row('held')).queryByTestId('job-cancel')).not.toBeNull();
  fireEvent.change(within(row('own')).getByTestId('job-limit-input'), { target: { value: '50' } });
  fireEvent.click(within(row('own')).getByTestId('job-limit-set'));
  await waitFor(() =>
    expect(within(row('own')).getByTestId('job-limit').textContent).toBe('limit 50 MiB/s'),
  );
  expect(fetchMock).toHaveBeenCalledWith(
    '/api/jobs/own/limits',
    expect.objectContaining({ method: 'PUT', body: JSON.stringify({ bytesPerSecond: 52428800 }) }),
  );
  fireEvent.click(within(row('own')).getByTestId('job-pause'));
  await waitFor(() =>
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/jobs/own/pause',
      expect.objectContaining({ method: 'POST' }),
    ),
  );
});

test('Hide collapses the panel and is remembered for the next page load', () => {
  localStorage.removeItem(JOBS_PANEL_KEY);
  renderPanel();
  const toggle = screen.getByTestId('jobs-panel-toggle');
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  fireEvent.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  expect(localStorage.getItem(JOBS_PANEL_KEY)).toBe('collapsed');
  cleanup();
  renderPanel();
  expect(screen.getByTestId('jobs-panel-toggle').getAttribute('aria-expanded')).toBe('false');
  expect(screen.getByTestId('jobs-active').closest('[hidden]')).not.toBeNull();
  fireEvent.click(screen.getByTestId('jobs-panel-toggle'));
  expect(localStorage.getItem(JOBS_PANEL_KEY)).toBe('open');
});
