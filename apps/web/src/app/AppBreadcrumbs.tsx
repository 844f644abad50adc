import { Breadcrumbs, type Crumb } from '../components/Breadcrumbs';
import { Name } from '../components/Name';
import { useHost } from '../features/hosts/useHost';
import { routes } from '../lib/routes';
import { useRouteNames } from './routeParams';

/** Hosts > host > pool > volume, from the URL alone, on every view. */
export function AppBreadcrumbs() {
  const { hostId, pool, volume } = useRouteNames();
  const { host } = useHost(hostId);

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
