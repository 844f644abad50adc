import { describe, expect, test } from 'vitest';
import { apiPaths } from '../api-paths.js';
import { hostileVolumeNames } from '../testing/hostile-names.js';
import { matchRoute, pathOf, requestFor, routeList, routes } from './index.js';

const pathNames = (path: string) =>
  path
    .split('/')
    .filter((s) => s.startsWith(':'))
    .map((s) => s.slice(1))
    .sort();

const MUTATING = new Set(['POST', 'PUT', 'DELETE']);

describe('route contracts', () => {
  test.each(Object.entries(routes))('%s: id, params and path agree', (key, contract) => {
    expect(contract.id).toBe(key);
    expect(contract.path.startsWith('/')).toBe(true);
    expect(Object.keys(contract.params).sort()).toEqual(pathNames(contract.path));
  });

  test('method + path is unique', () => {
    const keys = routeList.map((c) => `${c.method} ${c.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('audit action names are unique', () => {
    const names = routeList.flatMap((c) => (c.audit ? [c.audit] : []));
    expect(new Set(names).size).toBe(names.length);
  });

  // guardMutations refuses every non-admin mutation; a contract must not claim otherwise.
  test.each(routeList.filter((c) => MUTATING.has(c.method)).map((c) => [c.id, c] as const))(
    '%s (a mutation) is audited, and admin-only unless it is sign-in/out',
    (_id, contract) => {
      expect(contract.audit).toMatch(/^[a-z-]+\.[a-z-]+$/);
      const signInOut = contract.path === '/session' || contract.path === '/kiosk/session';
      expect(contract.role).toBe(signInOut ? 'anyone' : 'admin');
    },
  );

  test('streams: the content routes and tus (bytes in), the download audited and admin-only', () => {
    const streaming = routeList.filter((c) => c.streams).map((c) => [c.id, c.streams]);
    expect(streaming).toEqual([
      ['volumeUpload', 'upload'],
      ['volumeDownload', 'download'],
      ['tusCreate', 'upload'],
      ['tusPatch', 'upload'],
    ]);
    expect(routes.volumeDownload).toMatchObject({ role: 'admin', audit: 'volume.download' });
  });
});

const HOSTILE = [
  ...hostileVolumeNames('victim'),
  'a b',
  'a%20b',
  '%',
  '?x=1#frag',
  '&',
  '+plus',
  '..x',
  'emoji 🐧',
  'line\r\nbreak',
];

describe('pathOf ↔ matchRoute round-trip hostile names', () => {
  test.each(HOSTILE)('%j', (name) => {
    const params = { hostId: 'sandbox', pool: `pool ${name}`, volume: name };
    for (const contract of [routes.volume, routes.volumeClone, routes.volumeDownload]) {
      const path = pathOf(contract, params);
      // Nothing the name holds can add a segment, a query or a fragment.
      expect(path.split('/')).toHaveLength(contract.path.split('/').length + 1);
      expect(path).not.toMatch(/[\s?#"`;$\\]/); // ' is left as is: harmless in a path
      const hit = matchRoute(contract.method, path.slice('/api'.length));
      expect(hit?.contract.id).toBe(contract.id);
      expect(hit?.params).toEqual(params);
    }
  });

  test('a user name and a job id are encoded the same way', () => {
    expect(pathOf(routes.userPassword, { name: '-rf /' })).toBe('/api/users/-rf%20%2F/password');
    expect(pathOf(routes.jobCancel, { id: 'a/b' })).toBe('/api/jobs/a%2Fb/cancel');
  });
});

describe('pathOf / requestFor', () => {
  test('query values are encoded, undefined ones dropped', () => {
    expect(pathOf(routes.jobs, {}, { state: 'active', limit: 5, hostId: undefined })).toBe(
      '/api/jobs?state=active&limit=5',
    );
    expect(pathOf(routes.audit, {}, { before: '2026-01-01T00:00:00+01:00' })).toBe(
      '/api/audit?before=2026-01-01T00%3A00%3A00%2B01%3A00',
    );
  });

  test('a JSON body goes with its content type; no body, no header', () => {
    const clone = requestFor(routes.volumeClone, {
      params: { hostId: 'h', pool: 'p', volume: 'v w' },
      body: { name: 'copy' },
    });
    expect(clone).toEqual({
      method: 'POST',
      path: '/api/hosts/h/pools/p/volumes/v%20w/clone',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"copy"}',
    });
    expect(requestFor(routes.hosts, {})).toEqual({
      method: 'GET',
      path: '/api/hosts',
      headers: {},
    });
  });

  test('apiPaths are the contracts’ paths', () => {
    expect(apiPaths.poolAction('h', 'p q', 'refresh')).toBe('/api/hosts/h/pools/p%20q/refresh');
    expect(apiPaths.volumeContent('h', 'p', 'v')).toBe(
      pathOf(routes.volumeUpload, {
        hostId: 'h',
        pool: 'p',
        volume: 'v',
      }),
    );
  });
});

describe('matchRoute', () => {
  // Express's router is case-insensitive and allows a trailing slash: so is the matcher, or a
  // request could reach a route without being recognised (and audited) as it.
  test.each([
    ['GET', '/hosts/h/pools/p/volumes/v/content', 'volumeDownload'],
    ['GET', '/hosts/h/pools/p/volumes/v/content/', 'volumeDownload'],
    ['GET', '/HOSTS/h/Pools/p/volumes/v/CONTENT', 'volumeDownload'],
    ['PUT', '/hosts/h/pools/p/volumes/v/content', 'volumeUpload'],
    ['DELETE', '/session', 'sessionLogout'],
    ['POST', '/hosts/h/pools/p/start', 'poolStart'],
    ['GET', '/hosts/h/pools/p/volumes/v/content/x', null],
    ['PATCH', '/hosts/h/pools/p', null],
  ])('%s %s → %s', (method, path, id) => {
    expect(matchRoute(method, path)?.contract.id ?? null).toBe(id);
  });

  test('a malformed %-escape is kept as sent', () => {
    expect(matchRoute('DELETE', '/users/%E0%A4%A')?.params).toEqual({ name: '%E0%A4%A' });
  });
});
