import { matchPath, useLocation, useMatches } from 'react-router';
import { Breadcrumbs, type Crumb } from '../components/Breadcrumbs';
import { Name } from '../components/Name';
import { useHost } from '../features/hosts/useHost';
import { routePatterns, routes } from '../lib/routes';
import { useRouteNames } from './routeParams';

/** Pages outside the host tree: their trail, by route (the last crumb is the page itself). */
const OTHER_TRAILS: { pattern: string; trail: (id?: string) => Crumb[] }[] = [
  { pattern: routePatterns.jobs, trail: () => [{ key: 'jobs', label: 'Jobs' }] },
  {
    pattern: routePatterns.job,
    trail: (id) => [
      { key: 'jobs', label: 'Jobs', to: routes.jobs() },
      { key: 'job', label: <>Job {id}</> },
    ],
  },
  {
    pattern: routePatterns.users,
    trail: () => [
      { key: 'admin', label: 'Administration' },
      { key: 'users', label: 'Users' },
    ],
  },
  {
    pattern: routePatterns.kioskTokens,
    trail: () => [
      { key: 'admin', label: 'Administration' },
      { key: 'kiosk-tokens', label: 'Kiosk tokens' },
    ],
  },
  {
    pattern: routePatterns.audit,
    trail: () => [
      { key: 'admin', label: 'Administration' },
      { key: 'audit', label: 'Audit log' },
    ],
  },
];

/**
 * Hosts > host > pool > volume on the host tree; Jobs > job and Administration > page
 * elsewhere (Administration has no page of its own, so it is not a link). From the URL alone.
 */
export function AppBreadcrumbs() {
  const { pathname } = useLocation();
  // The matched route's params are decoded (matchPath's are not): "/jobs/a%20b" is job "a b".
  const params = useMatches().at(-1)?.params ?? {};
  const { hostId, pool, volume } = useRouteNames();
  const { host } = useHost(hostId);

  for (const { pattern, trail } of OTHER_TRAILS) {
    if (matchPath(pattern, pathname)) return <Breadcrumbs items={trail(params.id)} />;
  }
  const items: Crumb[] = [{ key: 'hosts', label: 'Hosts', to: routes.hosts() }];
  if (hostId !== undefined) {
    items.push({ key: 'host', label: host?.label ?? hostId, to: routes.host(hostId) });
    if (pool !== undefined) {
      items.push({ key: 'pool', label: <Name value={pool} />, to: routes.pool(hostId, pool) });
      if (volume !== undefined) {
        items.push({ key: 'volume', label: <Name value={volume} /> });
      }
    }
  }
  return <Breadcrumbs items={items} />;
}
