import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { volListedSync } from '@poolwatch/host-truth';
import type { TestPool } from './sandbox.js';

/** Ground truth about a test pool's volumes: local virsh (same daemon) and the pool directory. */

/** Does `virsh vol-list` list this volume? Matched on the path column. */
export const volListed = (pool: TestPool, name: string): boolean => volListedSync(pool, name);

export const onDisk = (pool: TestPool, name: string): boolean => existsSync(join(pool.dir, name));
