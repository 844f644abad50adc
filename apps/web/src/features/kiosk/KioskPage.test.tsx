// @vitest-environment happy-dom
import type { SessionInfo } from '@poolwatch/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, expect, test, vi } from 'vitest';
import { SessionProvider } from '../../auth/SessionProvider';
import { sessionKey } from '../../auth/session';
import { healthKey, hostsQuery } from '../../api/queries';
import { applyServerHello } from '../../realtime/sync';
import { makeHost, makePool, stubApi, type FakeApi } from '../../test/api';
import { fakeSocketFactory } from '../../test/fakeSocket';
import { makeJob, makeProgress } from '../../test/jobs';
import { testClient } from '../../test/render';
import { KioskPage } from './KioskPage';
import { useBuildReload } from './useBuildReload';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const kioskSession: SessionInfo = {
  user: 'NOC wall',
  role: 'viewer',
  kind: 'kiosk',
  csrfToken: 'csrf-kiosk',
};

const GiB = 1024 ** 3;

function fleet(): FakeApi {
  return {
    session: kioskSession,
    hosts: [
      makeHost({ id: 'lab1', label: 'Lab 1' }),
      makeHost({ id: 'lab2', label: 'Lab 2', state: 'unreachable', error: 'ssh: no route' }),
    ],
    pools: {
      lab1: [
        makePool({ name: 'images', capacity: 100 * GiB, allocation: 85 * GiB }),
        makePool({ name: 'backup', capacity: 100 * GiB, allocation: 95 * GiB }),
      ],
    },
    jobs: [
      makeJob({ id: 'run-1', hostId: 'lab1' }),
      makeJob({
        id: 'fail-1',
        state: 'failed',
        endedAt: new Date(Date.now() - 3_600_000).toISOString(),
        error: { id: 'libvirt_error', message: 'No space left on device' },
      }),
    ],
  };
}

function renderKiosk(api: FakeApi, url = '/kiosk', session: SessionInfo | null = kioskSession) {
  const fetchMock = stubApi(api);
  const sockets = fakeSocketFactory();
  const client = testClient();
  if (session) client.setQueryData(sessionKey(), session);
  const router = createMemoryRouter([{ path: '/kiosk', element: <KioskPage /> }], {
    initialEntries: [url],
  });
  render(
    <QueryClientProvider client={client}>
      <SessionProvider createSocket={sockets.create}>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>,
  );
  const calls = (path: string) =>
    fetchMock.mock.calls.filter(([p]) => String(p).split('?')[0] === path).length;
  return { client, router, sockets, fetchMock, calls };
}

const socketOf = (sockets: ReturnType<typeof fakeSocketFactory>) => {
  const socket = sockets.last();
  if (!socket) throw new Error('no socket');
  return socket;
};

test('shows hosts, pools, running jobs and failures; no control anywhere', async () => {
  renderKiosk(fleet());
  const kiosk = await screen.findByTestId('kiosk');
  await waitFor(() => expect(screen.getAllByTestId('kiosk-pool')).toHaveLength(2));
  const hosts = screen.getAllByTestId('kiosk-host');
  expect(hosts.map((h) => h.dataset.hostId)).toEqual(['lab1', 'lab2']);
  expect(hosts[1]?.textContent).toContain('UNREACHABLE');
  expect(hosts[1]?.textContent).toContain('ssh: no route');
  const job = await screen.findByTestId('kiosk-job');
  expect(job.dataset.jobId).toBe('run-1');
  expect(within(job).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('32');
  expect(job.textContent).toContain('120 MiB/s');
  expect(job.textContent).toContain('about 1 min left');
  expect(screen.getByTestId('kiosk-failures').textContent).toContain('No space left on device');
  expect(screen.getByTestId('kiosk-clock').textContent).toMatch(/^\d\d:\d\d:\d\d$/);
  expect(kiosk.querySelectorAll('button, a, input, select, textarea')).toHaveLength(0);
  expect(document.documentElement.classList.contains('kiosk-mode')).toBe(true);
});

test('an unbounded job has no aria-valuenow', async () => {
  const api = fleet();
  api.jobs = [
    makeJob({
      id: 'u',
      kind: 'volume.resize',
      progress: makeProgress({ type: 'unbounded', dataTotal: null, dataProcessed: null }),
    }),
  ];
  renderKiosk(api);
  const bar = within(await screen.findByTestId('kiosk-job')).getByRole('progressbar');
  expect(bar.hasAttribute('aria-valuenow')).toBe(false);
});

test('a paused job says paused, a limited one its limit; running unlimited says neither', async () => {
  const api = fleet();
  api.jobs = [
    makeJob({ id: 'run', hostId: 'lab1' }),
    makeJob({
      id: 'held',
      hostId: 'lab1',
      state: 'paused',
      limits: { bytesPerSecond: 50 * 1024 * 1024, enforcedBy: 'cgroup v1 blkio.throttle on 254:0' },
    }),
  ];
  renderKiosk(api);
  await waitFor(() => expect(screen.getAllByTestId('kiosk-job')).toHaveLength(2));
  const [run, held] = ['run', 'held'].map((id) =>
    screen.getAllByTestId('kiosk-job').find((j) => j.dataset.jobId === id)!,
  );
  expect(held!.textContent).toContain('paused');
  expect(within(held!).getByTestId('kiosk-job-limit').textContent).toBe('limited to 50 MiB/s');
  expect(within(held!).getByRole('progressbar').dataset.paused).toBe('true');
  expect(run!.textContent).not.toContain('paused');
  expect(within(run!).queryByTestId('kiosk-job-limit')).toBeNull();
});

test('threshold labels: colour class and the word, at 80 % and 90 %', async () => {
  const api = fleet();
  api.pools = {
    lab1: [
      makePool({ name: 'a-ok', capacity: 1000, allocation: 799 }),
      makePool({ name: 'b-warn', capacity: 1000, allocation: 800 }),
      makePool({ name: 'c-warn', capacity: 1000, allocation: 899 }),
      makePool({ name: 'd-crit', capacity: 1000, allocation: 900 }),
      makePool({ name: 'e-off', state: 'inactive', capacity: 0, allocation: 0 }),
    ],
  };
  renderKiosk(api);
  await waitFor(() => expect(screen.getAllByTestId('kiosk-pool')).toHaveLength(5));
  const rows = screen.getAllByTestId('kiosk-pool');
  expect(rows.map((r) => [r.dataset.poolName, r.dataset.level])).toEqual([
    ['a-ok', 'ok'],
    ['b-warn', 'warning'],
    ['c-warn', 'warning'],
    ['d-crit', 'critical'],
    ['e-off', 'unknown'],
  ]);
  expect(rows.map((r) => within(r).getByTestId('kiosk-pool-level').textContent)).toEqual([
    'OK',
    'WARNING',
    'WARNING',
    'CRITICAL',
    'inactive',
  ]);
  expect(rows[3]?.className).toContain('kiosk-pool--critical');
  expect(
    within(rows[1] as HTMLElement)
      .getByRole('meter')
      .getAttribute('aria-valuenow'),
  ).toBe('80');
});

test('stale badge on disconnect, kept data, cleared and resynced on reconnect', async () => {
  const { sockets, calls } = renderKiosk(fleet());
  await waitFor(() => expect(screen.getAllByTestId('kiosk-pool')).toHaveLength(2));
  const socket = socketOf(sockets);
  act(() => socket.connectNow());
  expect(screen.queryByTestId('kiosk-stale')).toBeNull();

  act(() => socket.drop('transport close'));
  const badge = await screen.findByTestId('kiosk-stale');
  expect(badge.textContent).toMatch(/^stale since \d\d:\d\d:\d\d$/);
  // The last data stays on screen.
  expect(screen.getAllByTestId('kiosk-pool')).toHaveLength(2);
  expect(screen.getByTestId('kiosk-job')).toBeTruthy();

  const before = calls('/api/hosts');
  act(() => socket.connectNow());
  await waitFor(() => expect(screen.queryByTestId('kiosk-stale')).toBeNull());
  await waitFor(() => expect(calls('/api/hosts')).toBeGreaterThan(before));
});

test('revoked: the server drops the socket, GET /api/session is 401 → "Signed out"', async () => {
  const api = fleet();
  const { sockets } = renderKiosk(api);
  await screen.findByTestId('kiosk');
  const socket = socketOf(sockets);
  act(() => socket.connectNow());
  api.session = null; // revoked on the server
  act(() => socket.drop('io server disconnect'));
  const signedOut = await screen.findByTestId('kiosk-signed-out');
  expect(signedOut.textContent).toContain('Signed out');
  expect(screen.queryByTestId('kiosk')).toBeNull();
  expect(socket.disconnected).toBe(true);
  expect(socket.connectCalls).toBe(0);
});

test('the server drops the socket but the session is fine: it reconnects by itself', async () => {
  const { sockets } = renderKiosk(fleet());
  await screen.findByTestId('kiosk');
  const socket = socketOf(sockets);
  act(() => socket.connectNow());
  act(() => socket.drop('io server disconnect'));
  expect(await screen.findByTestId('kiosk-stale')).toBeTruthy();
  await waitFor(() => expect(socket.connectCalls).toBe(1), { timeout: 3000 });
  expect(screen.queryByTestId('kiosk-signed-out')).toBeNull();
});

test('a token left in the URL is traded for a session and taken out of the URL', async () => {
  const { router, fetchMock } = renderKiosk(fleet(), '/kiosk?token=s3cret&cycle=10', null);
  await screen.findByTestId('kiosk');
  expect(router.state.location.search).toBe('?cycle=10');
  const post = fetchMock.mock.calls.find(([p]) => p === '/api/kiosk/session');
  expect(JSON.parse(String(post?.[1]?.body))).toEqual({ token: 's3cret' });
});

test('a bad token shows "Signed out"', async () => {
  const api = fleet();
  api.session = null;
  renderKiosk(api, '/kiosk?token=nope', null);
  expect(await screen.findByTestId('kiosk-signed-out')).toBeTruthy();
});

test('reloads when the server reports a different build than the one it started with', async () => {
  const client = testClient();
  stubApi({ build: 'b1' });
  const reload = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  renderHook(() => useBuildReload(reload), { wrapper });
  await act(async () => applyServerHello(client, { build: 'b1' }));
  await waitFor(() => expect(client.getQueryState(healthKey())?.status).toBe('success'));
  await act(async () => applyServerHello(client, { build: 'b1' }));
  expect(reload).not.toHaveBeenCalled();
  await act(async () => applyServerHello(client, { build: 'b2' }));
  await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
});

test('?failures=HOURS sets the window; older failures leave the wall', async () => {
  const api = fleet();
  api.jobs = [
    makeJob({
      id: 'fail-old',
      state: 'failed',
      endedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      error: { id: 'libvirt_error', message: 'three hours ago' },
    }),
  ];
  renderKiosk(api, '/kiosk?failures=2');
  const failures = await screen.findByTestId('kiosk-failures');
  expect(screen.getByTestId('kiosk-failures-window').textContent).toBe('last 2 h');
  expect(failures.textContent).not.toContain('three hours ago');
  expect(failures.textContent).toContain('None in the last 2 h.');
});

test('?dim=START-END dims the screen inside the window only', async () => {
  const now = new Date();
  const hhmm = (d: Date) =>
    `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const inOneHour = new Date(now.getTime() + 3_600_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  renderKiosk(fleet(), `/kiosk?dim=${hhmm(hourAgo)}-${hhmm(inOneHour)}`);
  expect((await screen.findByTestId('kiosk')).dataset.dimmed).toBe('true');
  cleanup();
  renderKiosk(
    fleet(),
    `/kiosk?dim=${hhmm(inOneHour)}-${hhmm(new Date(now.getTime() + 7_200_000))}`,
  );
  expect((await screen.findByTestId('kiosk')).dataset.dimmed).toBeUndefined();
});

test('an unreachable host tile says how old its figures are; a fresh one does not', async () => {
  const api = fleet();
  api.hosts = [makeHost({ id: 'lab1', label: 'Lab 1' }), makeHost({ id: 'lab2', label: 'Lab 2' })];
  api.pools = { ...api.pools, lab2: [makePool({ name: 'far' })] };
  const { client } = renderKiosk(api);
  await waitFor(() => expect(screen.getAllByTestId('kiosk-pool')).toHaveLength(3));
  expect(screen.queryAllByTestId('kiosk-host-stale')).toHaveLength(0);
  // lab2 goes unreachable: its pools stay on the wall, marked as the last figures read.
  act(() => {
    client.setQueryData(hostsQuery().queryKey, [
      makeHost({ id: 'lab1', label: 'Lab 1' }),
      makeHost({ id: 'lab2', label: 'Lab 2', state: 'unreachable' }),
    ]);
  });
  const stale = await screen.findByTestId('kiosk-host-stale');
  expect(stale.closest('[data-testid="kiosk-host"]')?.getAttribute('data-host-id')).toBe('lab2');
  expect(stale.textContent).toMatch(/^figures \d+ s old$/);
});
