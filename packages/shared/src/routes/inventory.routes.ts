import { z } from 'zod';
import { HealthSchema } from '../auth.js';
import {
  HostSchema,
  PoolDetailSchema,
  PoolSchema,
  VolumeDetailSchema,
  VolumeSchema,
} from '../inventory.js';
import { HostForecastsSchema, PoolHistoryQuerySchema, PoolHistorySchema } from '../capacity.js';
import { SearchAnswerSchema, SearchQuerySchema } from '../search.js';
import { defineRoute } from './contract.js';
import { hostIdParam, poolParam, volumeParam } from './params.js';

/** The read side: health, hosts, pools, volumes, fleet search. */
export const inventoryRoutes = {
  health: defineRoute({
    id: 'health',
    method: 'GET',
    path: '/health',
    params: {},
    response: HealthSchema,
    status: 200,
    role: 'anyone',
  }),
  hosts: defineRoute({
    id: 'hosts',
    method: 'GET',
    path: '/hosts',
    params: {},
    response: z.array(HostSchema),
    status: 200,
    role: 'viewer',
  }),
  pools: defineRoute({
    id: 'pools',
    method: 'GET',
    path: '/hosts/:hostId/pools',
    params: { hostId: hostIdParam },
    response: z.array(PoolSchema),
    status: 200,
    role: 'viewer',
  }),
  pool: defineRoute({
    id: 'pool',
    method: 'GET',
    path: '/hosts/:hostId/pools/:pool',
    params: { hostId: hostIdParam, pool: poolParam },
    response: PoolDetailSchema,
    status: 200,
    role: 'viewer',
  }),
  /** Capacity samples of a pool in [from, to] (default: the last 7 days) and when it fills. */
  poolHistory: defineRoute({
    id: 'poolHistory',
    method: 'GET',
    path: '/hosts/:hostId/pools/:pool/history',
    params: { hostId: hostIdParam, pool: poolParam },
    query: PoolHistoryQuerySchema,
    response: PoolHistorySchema,
    status: 200,
    role: 'viewer',
  }),
  /** When each pool of the host fills (the forecast of poolHistory, for every pool at once). */
  hostForecasts: defineRoute({
    id: 'hostForecasts',
    method: 'GET',
    path: '/hosts/:hostId/forecasts',
    params: { hostId: hostIdParam },
    response: HostForecastsSchema,
    status: 200,
    role: 'viewer',
  }),
  volumes: defineRoute({
    id: 'volumes',
    method: 'GET',
    path: '/hosts/:hostId/pools/:pool/volumes',
    params: { hostId: hostIdParam, pool: poolParam },
    response: z.array(VolumeSchema),
    status: 200,
    role: 'viewer',
  }),
  volume: defineRoute({
    id: 'volume',
    method: 'GET',
    path: '/hosts/:hostId/pools/:pool/volumes/:volume',
    params: { hostId: hostIdParam, pool: poolParam, volume: volumeParam },
    response: VolumeDetailSchema,
    status: 200,
    role: 'viewer',
  }),
  search: defineRoute({
    id: 'search',
    method: 'GET',
    path: '/search',
    params: {},
    query: SearchQuerySchema,
    response: SearchAnswerSchema,
    status: 200,
    role: 'viewer',
  }),
} as const;
