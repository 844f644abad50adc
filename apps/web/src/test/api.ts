import type { Host, Job, Pool, PoolDetail, Volume } from '@poolwatch/shared';
import { vi } from 'vitest';
import { jsonResponse } from './render';

export const makeHost = (extra: Partial<Host> = {}): Host => ({
  id: 'lab1',
  label: 'Lab 1',
  uri: 'qemu+ssh://root@lab1/system',
  state: 'connected',
  error: null,
  libvirtVersion: '9.0.0',
  ...extra,
});

export const makePool = (extra: Partial<Pool> = {}): Pool => ({
  name: 'images',
  uuid: 'uuid-images',
  type: 'dir',
  state: 'running',
  persistent: true,
  autostart: true,
  capacity: 100 * 1024 ** 3,
  allocation: 50 * 1024 ** 3,
  available: 50 * 1024 ** 3,
  targetPath: '/var/lib/libvirt/images',
  volumeCount: 1,
  error: null,
  ...extra,
});

export const makeVolume = (extra: Partial<Volume> = {}): Volume => ({
  name: 'disk.qcow2',
  key: '/var/lib/libvirt/images/disk.qcow2',
  path: '/var/lib/libvirt/images/disk.qcow2',
  type: 'file',
  format: 'qcow2',
  capacity: 1024 ** 3,
  allocation: 1024 ** 2,
  backingStore: null,
  usedBy: [],
  backingVolume: null,
  error: null,
  ...extra,
});

export interface FakeApi {
  hosts?: Host[];
  pools?: Record<string, Pool[]>;
  volumes?: Volume[];
  jobs?: Job[];
  /** Answer for GET /api/session; null = 401. */
  session?: unknown;
  build?: string;
}

/**
 * fetch answering the read API from fixed data (the path decides, the query string is
 * ignored except for the jobs state). Returns the mock, to inspect calls; `api` stays live,
 * so a test may change the answers between calls.
 */
export function stubApi(api: FakeApi) {
  const fetchMock = vi.fn((input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://poolwatch.test');
    const path = decodeURIComponent(url.pathname);
    const method = init?.method ?? 'GET';
    if (method === 'GET' && path === '/api/session') {
      return Promise.resolve(
        api.session === null || api.session === undefined
          ? jsonResponse(401, { error: { id: 'unauthenticated', message: 'sign in' } })
          : jsonResponse(200, api.session),
      );
    }
    if (method === 'POST' && path === '/api/kiosk/session') {
      return Promise.resolve(
        api.session === null || api.session === undefined
          ? jsonResponse(401, { error: { id: 'unauthenticated', message: 'bad token' } })
          : jsonResponse(200, api.session),
      );
    }
    if (path === '/api/health') {
      return Promise.resolve(jsonResponse(200, { status: 'ok', build: api.build ?? 'b1' }));
    }
    if (path === '/api/hosts') return Promise.resolve(jsonResponse(200, api.hosts ?? []));
    if (path === '/api/jobs') {
      const finished = url.searchParams.get('state') === 'finished';
      const jobs = (api.jobs ?? []).filter((j) =>
        finished
          ? !['queued', 'running', 'cancelling'].includes(j.state)
          : ['queued', 'running', 'cancelling'].includes(j.state),
      );
      return Promise.resolve(jsonResponse(200, jobs));
    }
    const m = /^\/api\/hosts\/([^/]+)\/pools(?:\/([^/]+)(\/volumes)?)?$/.exec(path);
    if (m) {
      const [, hostId = '', pool, volumes] = m;
      const pools = api.pools?.[hostId] ?? [];
      if (pool === undefined) return Promise.resolve(jsonResponse(200, pools));
      const found = pools.find((p) => p.name === pool);
      if (!found)
        return Promise.resolve(jsonResponse(404, { error: { id: 'not_found', message: 'no' } }));
      if (volumes) return Promise.resolve(jsonResponse(200, api.volumes ?? []));
      const detail: PoolDetail = { ...found, xml: '<pool/>' };
      return Promise.resolve(jsonResponse(200, detail));
    }
    return Promise.resolve(jsonResponse(404, { error: { id: 'not_found', message: path } }));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
