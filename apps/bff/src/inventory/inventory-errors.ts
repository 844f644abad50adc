import type { Host, Pool } from '@poolwatch/shared';
import { ConflictError, HostUnreachableError } from '../errors.js';

/** 409 for reading the volumes of a pool that is not running. */
export function poolNotRunning(pool: Pool): ConflictError {
  return new ConflictError(
    'pool_inactive',
    `storage pool ${JSON.stringify(pool.name)} is ${pool.state}, not running: its volumes cannot be listed`,
  );
}

/** 503 while a host is not connected: never an answer from stale data posing as live. */
export function hostNotConnected(host: Host): HostUnreachableError {
  return new HostUnreachableError(
    `host ${host.id} is ${host.state}${host.error ? `: ${host.error}` : ''}`,
  );
}
