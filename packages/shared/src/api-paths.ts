/**
 * REST paths, built in one place so both ends encode names the same way.
 * Every name goes through encodeURIComponent: spaces, quotes, ";", "$", newlines, unicode
 * and leading dashes all round-trip.
 */
const e = encodeURIComponent;

export const apiPaths = {
  health: () => '/api/health',
  hosts: () => '/api/hosts',
  pools: (hostId: string) => `/api/hosts/${e(hostId)}/pools`,
  pool: (hostId: string, pool: string) => `/api/hosts/${e(hostId)}/pools/${e(pool)}`,
  volumes: (hostId: string, pool: string) => `/api/hosts/${e(hostId)}/pools/${e(pool)}/volumes`,
  volume: (hostId: string, pool: string, volume: string) =>
    `/api/hosts/${e(hostId)}/pools/${e(pool)}/volumes/${e(volume)}`,
} as const;
