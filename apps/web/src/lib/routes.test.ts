import { apiPaths } from '@poolwatch/shared';
import { matchRoutes } from 'react-router';
import { describe, expect, test } from 'vitest';
import { isAddressableName, namesFromParams, routePatterns, routes } from './routes';

// Names that must survive: the shell-ish, the URL-ish and the unprintable.
const NAMES = [
  'default',
  'sp ace.img',
  `quo'te".img`,
  'evil; pool-destroy other',
  '$(id).img',
  '-dash.img',
  '--',
  'ünï.img',
  '日本語.img',
  'new\nline.img',
  'tab\there',
  '100%',
  '%41',
  '%%',
  'a%2Fb',
  'a%2fb',
  'a%252Fb',
  'q?x=1',
  'hash#frag',
  'plus+sign',
  'amp&eq=',
  'back\\slash.img',
  ' lead and trail ',
  '...',
  '.hidden',
  'emoji 💾.qcow2',
];

const routeObjects = Object.values(routePatterns).map((path) => ({ path }));

/** What the browser does with a path we navigate to, then what react-router hands back. */
function roundTrip(path: string) {
  const url = new URL(path, 'http://poolwatch.test');
  expect(url.pathname).toBe(path); // no normalisation or re-encoding by the URL parser
  const matches = matchRoutes(routeObjects, url.pathname);
  const match = matches?.at(-1);
  if (!match) throw new Error(`no route matched ${path}`);
  return { pattern: match.route.path, names: namesFromParams(match.params) };
}

describe('route builders', () => {
  test.each(NAMES)('pool and volume %j round-trip through the router', (name) => {
    expect(roundTrip(routes.pool('lab1', name))).toEqual({
      pattern: routePatterns.pool,
      names: { hostId: 'lab1', pool: name },
    });
    expect(roundTrip(routes.volume('lab1', name, name))).toEqual({
      pattern: routePatterns.volume,
      names: { hostId: 'lab1', pool: name, volume: name },
    });
  });

  test('every name is one path segment', () => {
    for (const name of NAMES) {
      const path = routes.volume('h', name, name);
      expect(path.split('/')).toHaveLength(7);
      expect(path).not.toMatch(/[\s?#]/);
    }
  });

  test('hosts and host routes', () => {
    expect(routes.hosts()).toBe('/');
    expect(roundTrip(routes.host('lab-2_b'))).toEqual({
      pattern: routePatterns.host,
      names: { hostId: 'lab-2_b' },
    });
    expect(matchRoutes(routeObjects, '/')?.at(-1)?.route.path).toBe('/');
  });

  test('route names encode exactly like the API paths', () => {
    for (const name of NAMES) {
      expect(`/api${routes.volume('lab1', name, name)}`).toBe(apiPaths.volume('lab1', name, name));
      expect(`/api${routes.pool('lab1', name)}`).toBe(apiPaths.pool('lab1', name));
    }
  });
});

test('"." and ".." are the only names a URL cannot carry', () => {
  for (const name of ['.', '..']) {
    expect(isAddressableName(name)).toBe(false);
    expect(new URL(routes.pool('h', name), 'http://x').pathname).not.toBe(routes.pool('h', name));
  }
  for (const name of NAMES) expect(isAddressableName(name)).toBe(true);
});
