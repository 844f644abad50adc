import { useMatches } from 'react-router';
import { namesFromParams, type RouteNames } from '../lib/routes';

/** The exact names in the current URL, wherever in the tree this is called from. */
export function useRouteNames(): RouteNames {
  const matches = useMatches();
  return namesFromParams(matches.at(-1)?.params ?? {});
}

function required(value: string | undefined, param: string): string {
  if (value === undefined) throw new Error(`Route parameter "${param}" is missing`);
  return value;
}

export function useHostRoute(): { hostId: string } {
  const names = useRouteNames();
  return { hostId: required(names.hostId, 'hostId') };
}

export function usePoolRoute(): { hostId: string; pool: string } {
  const names = useRouteNames();
  return { hostId: required(names.hostId, 'hostId'), pool: required(names.pool, 'pool') };
}

export function useVolumeRoute(): { hostId: string; pool: string; volume: string } {
  const names = useRouteNames();
  return {
    hostId: required(names.hostId, 'hostId'),
    pool: required(names.pool, 'pool'),
    volume: required(names.volume, 'volume'),
  };
}
