import { routes } from '@poolwatch/shared';
import { queryOptions } from '@tanstack/react-query';
import { callApi } from './http';

/**
 * Query keys are a tree, so one prefix invalidates a host, a pool and everything below it:
 *   ['hosts']                                      host list
 *   ['hosts', id, 'pools']                         pools of a host
 *   ['hosts', id, 'pools', pool]                   one pool (with XML)
 *   ['hosts', id, 'pools', pool, 'volumes']        volumes of a pool
 *   ['hosts', id, 'pools', pool, 'volumes', vol]   one volume (with XML)
 */
export const queryKeys = {
  hosts: () => ['hosts'] as const,
  host: (hostId: string) => ['hosts', hostId] as const,
  pools: (hostId: string) => ['hosts', hostId, 'pools'] as const,
  pool: (hostId: string, pool: string) => ['hosts', hostId, 'pools', pool] as const,
  volumes: (hostId: string, pool: string) => ['hosts', hostId, 'pools', pool, 'volumes'] as const,
  history: (hostId: string, pool: string) => ['hosts', hostId, 'pools', pool, 'history'] as const,
  forecasts: (hostId: string) => ['hosts', hostId, 'forecasts'] as const,
  volume: (hostId: string, pool: string, volume: string) =>
    ['hosts', hostId, 'pools', pool, 'volumes', volume] as const,
};

export const hostsQuery = () =>
  queryOptions({
    queryKey: queryKeys.hosts(),
    queryFn: ({ signal }) => callApi(routes.hosts, {}, { signal }),
  });

export const poolsQuery = (hostId: string) =>
  queryOptions({
    queryKey: queryKeys.pools(hostId),
    queryFn: ({ signal }) => callApi(routes.pools, { params: { hostId } }, { signal }),
  });

export const poolQuery = (hostId: string, pool: string) =>
  queryOptions({
    queryKey: queryKeys.pool(hostId, pool),
    queryFn: ({ signal }) => callApi(routes.pool, { params: { hostId, pool } }, { signal }),
  });

/** Samples are written once a minute: re-asking more often shows nothing new. */
const HISTORY_REFRESH_MS = 60_000;

/** The last 7 days of capacity samples and the forecast (the BFF's default range). */
export const poolHistoryQuery = (hostId: string, pool: string) =>
  queryOptions({
    queryKey: queryKeys.history(hostId, pool),
    queryFn: ({ signal }) => callApi(routes.poolHistory, { params: { hostId, pool } }, { signal }),
    refetchInterval: HISTORY_REFRESH_MS,
    staleTime: HISTORY_REFRESH_MS / 2,
  });

/**
 * Every pool's forecast on a host in one request, for the chips on pool rows and the kiosk
 * (each chip selects its pool: a page of 40 pools makes one request a minute, not 40).
 */
export const hostForecastsQuery = (hostId: string) =>
  queryOptions({
    queryKey: queryKeys.forecasts(hostId),
    queryFn: ({ signal }) => callApi(routes.hostForecasts, { params: { hostId } }, { signal }),
    refetchInterval: HISTORY_REFRESH_MS,
    staleTime: HISTORY_REFRESH_MS / 2,
  });

export const volumesQuery = (hostId: string, pool: string) =>
  queryOptions({
    queryKey: queryKeys.volumes(hostId, pool),
    queryFn: ({ signal }) => callApi(routes.volumes, { params: { hostId, pool } }, { signal }),
    // The BFF keeps re-reading volume sizes only for pools asked about in the last 60 s
    // (libvirt has no volume events). A cheap, cached re-ask keeps an open view watched.
    // While a big pool's sizes are still being read (`pending`), ask again soon: the list
    // fills in (the BFF's inventory:changed notices say so too, at most once a second).
    refetchInterval: (query) => (query.state.data?.some((v) => v.pending) ? 2_000 : 30_000),
  });

export const volumeQuery = (hostId: string, pool: string, volume: string) =>
  queryOptions({
    queryKey: queryKeys.volume(hostId, pool, volume),
    queryFn: ({ signal }) =>
      callApi(routes.volume, { params: { hostId, pool, volume } }, { signal }),
  });

export const healthKey = () => ['health'] as const;

/** Status and the deployed build; answers without a session. */
export const healthQuery = () =>
  queryOptions({
    queryKey: healthKey(),
    queryFn: ({ signal }) => callApi(routes.health, {}, { signal }),
  });
