/**
 * REST paths, built in one place so both ends encode names the same way.
 * Every name goes through encodeURIComponent: spaces, quotes, ";", "$", newlines, unicode
 * and leading dashes all round-trip.
 */
const e = encodeURIComponent;

const volume = (hostId: string, pool: string, name: string) =>
  `/api/hosts/${e(hostId)}/pools/${e(pool)}/volumes/${e(name)}`;
const pool = (hostId: string, name: string) => `/api/hosts/${e(hostId)}/pools/${e(name)}`;

export const apiPaths = {
  health: () => '/api/health',
  hosts: () => '/api/hosts',
  pools: (hostId: string) => `/api/hosts/${e(hostId)}/pools`,
  pool,
  poolAction: (hostId: string, name: string, action: 'start' | 'stop' | 'build' | 'refresh') =>
    `${pool(hostId, name)}/${action}`,
  poolAutostart: (hostId: string, name: string) => `${pool(hostId, name)}/autostart`,
  wipeAlgorithms: (hostId: string, name: string) => `${pool(hostId, name)}/wipe-algorithms`,
  volumes: (hostId: string, name: string) => `${pool(hostId, name)}/volumes`,
  volume,
  volumeClone: (hostId: string, p: string, v: string) => `${volume(hostId, p, v)}/clone`,
  volumeWipe: (hostId: string, p: string, v: string) => `${volume(hostId, p, v)}/wipe`,
  volumeResize: (hostId: string, p: string, v: string) => `${volume(hostId, p, v)}/resize`,
  volumeContent: (hostId: string, p: string, v: string) => `${volume(hostId, p, v)}/content`,
  jobs: () => '/api/jobs',
  job: (id: string) => `/api/jobs/${e(id)}`,
  jobCancel: (id: string) => `/api/jobs/${e(id)}/cancel`,
  session: () => '/api/session',
  users: () => '/api/users',
  user: (name: string) => `/api/users/${e(name)}`,
  userPassword: (name: string) => `/api/users/${e(name)}/password`,
  kioskTokens: () => '/api/kiosk-tokens',
  kioskToken: (id: string) => `/api/kiosk-tokens/${e(id)}`,
  kioskSession: () => '/api/kiosk/session',
  audit: () => '/api/audit',
} as const;
