import { pathOf, routes } from './routes/index.js';
import { poolActionRoutes } from './routes/pool.routes.js';

/**
 * URL builders by position, kept for existing callers; each is the route contract's
 * `pathOf` (routes/), so a path is written once and every name is encoded there.
 */
type Id = string;

export const apiPaths = {
  health: () => pathOf(routes.health),
  hosts: () => pathOf(routes.hosts),
  pools: (hostId: Id) => pathOf(routes.pools, { hostId }),
  pool: (hostId: Id, pool: Id) => pathOf(routes.pool, { hostId, pool }),
  poolHistory: (hostId: Id, pool: Id) => pathOf(routes.poolHistory, { hostId, pool }),
  hostForecasts: (hostId: Id) => pathOf(routes.hostForecasts, { hostId }),
  poolAction: (hostId: Id, pool: Id, action: keyof typeof poolActionRoutes) =>
    pathOf(poolActionRoutes[action], { hostId, pool }),
  poolAutostart: (hostId: Id, pool: Id) => pathOf(routes.poolAutostart, { hostId, pool }),
  wipeAlgorithms: (hostId: Id, pool: Id) => pathOf(routes.wipeAlgorithms, { hostId, pool }),
  volumes: (hostId: Id, pool: Id) => pathOf(routes.volumes, { hostId, pool }),
  volume: (hostId: Id, pool: Id, volume: Id) => pathOf(routes.volume, { hostId, pool, volume }),
  volumeClone: (hostId: Id, pool: Id, volume: Id) =>
    pathOf(routes.volumeClone, { hostId, pool, volume }),
  volumeWipe: (hostId: Id, pool: Id, volume: Id) =>
    pathOf(routes.volumeWipe, { hostId, pool, volume }),
  volumeResize: (hostId: Id, pool: Id, volume: Id) =>
    pathOf(routes.volumeResize, { hostId, pool, volume }),
  volumeContent: (hostId: Id, pool: Id, volume: Id) =>
    pathOf(routes.volumeUpload, { hostId, pool, volume }),
  jobs: () => pathOf(routes.jobs),
  job: (id: Id) => pathOf(routes.job, { id }),
  jobTimeline: (id: Id) => pathOf(routes.jobTimeline, { id }),
  jobsCsv: () => pathOf(routes.jobsCsv),
  jobCancel: (id: Id) => pathOf(routes.jobCancel, { id }),
  jobPause: (id: Id) => pathOf(routes.jobPause, { id }),
  jobResume: (id: Id) => pathOf(routes.jobResume, { id }),
  jobLimits: (id: Id) => pathOf(routes.jobLimits, { id }),
  session: () => pathOf(routes.session),
  users: () => pathOf(routes.users),
  user: (name: Id) => pathOf(routes.userRemove, { name }),
  userPassword: (name: Id) => pathOf(routes.userPassword, { name }),
  kioskTokens: () => pathOf(routes.kioskTokens),
  kioskToken: (id: Id) => pathOf(routes.kioskTokenRevoke, { id }),
  kioskSession: () => pathOf(routes.kioskSession),
  audit: () => pathOf(routes.audit),
  auditCsv: () => pathOf(routes.auditCsv),
} as const;
