import {
  AutostartRequestSchema,
  DefinePoolRequestSchema,
  DeletePoolQuerySchema,
  WipeAlgorithmsSchema,
} from '../job-requests.js';
import { JobSchema } from '../jobs.js';
import { defineRoute } from './contract.js';
import { hostIdParam, poolParam } from './params.js';

const params = { hostId: hostIdParam, pool: poolParam };
/** Every pool mutation answers 202 with the Job it submitted. */
const job = { response: JobSchema, status: 202, role: 'admin' } as const;

const action = <const A extends 'start' | 'stop' | 'build' | 'refresh'>(name: A) =>
  ({
    method: 'POST',
    path: `/hosts/:hostId/pools/:pool/${name}`,
    params,
    ...job,
    audit: `pool.${name}`,
  }) as const;

/** Pool mutations (202 + Job) and what a pool's backend supports. */
export const poolRoutes = {
  poolDefine: defineRoute({
    id: 'poolDefine',
    method: 'POST',
    path: '/hosts/:hostId/pools',
    params: { hostId: hostIdParam },
    body: DefinePoolRequestSchema,
    ...job,
    audit: 'pool.define',
  }),
  poolStart: defineRoute({ id: 'poolStart', ...action('start') }),
  poolStop: defineRoute({ id: 'poolStop', ...action('stop') }),
  poolBuild: defineRoute({ id: 'poolBuild', ...action('build') }),
  poolRefresh: defineRoute({ id: 'poolRefresh', ...action('refresh') }),
  poolAutostart: defineRoute({
    id: 'poolAutostart',
    method: 'PUT',
    path: '/hosts/:hostId/pools/:pool/autostart',
    params,
    body: AutostartRequestSchema,
    ...job,
    audit: 'pool.autostart',
  }),
  poolDelete: defineRoute({
    id: 'poolDelete',
    method: 'DELETE',
    path: '/hosts/:hostId/pools/:pool',
    params,
    query: DeletePoolQuerySchema,
    ...job,
    audit: 'pool.delete',
  }),
  wipeAlgorithms: defineRoute({
    id: 'wipeAlgorithms',
    method: 'GET',
    path: '/hosts/:hostId/pools/:pool/wipe-algorithms',
    params,
    response: WipeAlgorithmsSchema,
    status: 200,
    role: 'viewer',
  }),
} as const;

/** The pool actions by verb, for callers that pick one at run time. */
export const poolActionRoutes = {
  start: poolRoutes.poolStart,
  stop: poolRoutes.poolStop,
  build: poolRoutes.poolBuild,
  refresh: poolRoutes.poolRefresh,
} as const;
