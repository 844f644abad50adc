import type { PoolDetail, TypedJobParams } from '@poolwatch/shared';
import { ConflictError, LibvirtError } from '../errors.js';
import { lockKeys, type JobLock, type JobSpec } from '../jobs/job-spec.js';
import { listVolumeRows } from '../libvirt/pools.js';
import type { HostStorage } from './host-storage.js';
import { poolAutostart, poolVerb, volDelete, type PoolVerb } from '../libvirt/storage-verbs.js';

/**
 * Pool operations as jobs. Each is one or a few libvirt calls that libvirt cannot abort
 * (a pool build may run mkfs or vgcreate): none is cancellable, and each says so.
 */

const poolLock = (hostId: string, pool: string): JobLock[] => [
  { key: lockKeys.pool(hostId, pool), mode: 'write', label: `pool ${JSON.stringify(pool)}` },
];

export function poolJob(
  storage: HostStorage,
  pool: string,
  /** Typed by kind: the job's kind is params.kind (a pool kind: never 'external'). */
  params: Exclude<TypedJobParams, { kind: 'external' }>,
  cancelNote: string,
  run: () => Promise<unknown>,
): JobSpec {
  return {
    hostId: storage.hostId,
    kind: params.kind,
    target: { pool, volume: null, targetPool: null, targetVolume: null },
    params,
    movesBytes: false,
    cancellable: false,
    cancelNote,
    source: `unmeasurable: libvirt reports no progress for ${params.kind.replace('pool.', 'pool-')}`,
    locks: poolLock(storage.hostId, pool),
    run: async () => {
      try {
        await run();
      } finally {
        await storage.refreshInventory();
      }
    },
  };
}

export type PoolAction = 'start' | 'stop' | 'build' | 'refresh';

const ACTION_COMMAND: Record<PoolAction, PoolVerb> = {
  start: 'pool-start',
  stop: 'pool-destroy',
  build: 'pool-build',
  refresh: 'pool-refresh',
};

export async function poolActionJob(
  storage: HostStorage,
  name: string,
  action: PoolAction,
): Promise<JobSpec> {
  const pool = await storage.pool(name);
  if (action === 'start' && pool.state === 'running')
    throw new ConflictError('conflict', `pool ${JSON.stringify(name)} is already running`);
  if ((action === 'stop' || action === 'refresh') && pool.state !== 'running')
    throw new ConflictError('pool_inactive', `pool ${JSON.stringify(name)} is not running`);
  const command = ACTION_COMMAND[action];
  return poolJob(
    storage,
    name,
    { kind: `pool.${action}` },
    `${command} is one libvirt call that cannot be aborted`,
    () => storage.virsh(poolVerb(command, pool.uuid)),
  );
}

export async function autostartJob(
  storage: HostStorage,
  name: string,
  autostart: boolean,
): Promise<JobSpec> {
  const pool = await storage.pool(name);
  if (!pool.persistent)
    throw new ConflictError(
      'conflict',
      `pool ${JSON.stringify(name)} is transient: it cannot autostart`,
    );
  return poolJob(
    storage,
    name,
    { kind: 'pool.autostart', autostart },
    'pool-autostart ends at once',
    () => storage.virsh(poolAutostart({ pool: pool.uuid, enabled: autostart })),
  );
}

/**
 * deleteData=false: stop the pool if running and forget its definition, data untouched.
 * deleteData=true: start it if stopped (libvirt lists and deletes volumes of running pools
 * only), delete every volume, stop, delete the pool's storage (pool-delete: removes the
 * directory, or the volume group...), then undefine. A volume that cannot be deleted does
 * not stop the others; if anything is left, the job fails naming it.
 */
export async function removePoolJob(
  storage: HostStorage,
  name: string,
  deleteData: boolean,
): Promise<JobSpec> {
  const pool = await storage.pool(name);
  return poolJob(
    storage,
    name,
    { kind: deleteData ? 'pool.delete' : 'pool.undefine', deleteData },
    'deleting a pool is a sequence of libvirt calls that cannot be aborted',
    async () => {
      // The state is libvirt's as the job goes, not the one read when it was submitted.
      let running = pool.state === 'running';
      if (deleteData) {
        if (!running) await storage.virsh(poolVerb('pool-start', pool.uuid));
        running = true;
        const failed = await deleteAllVolumes(storage, pool);
        if (failed.length > 0) {
          throw new LibvirtError(
            `could not delete ${failed.length} volume${failed.length > 1 ? 's' : ''}, the pool is kept (running): ${failed.join('; ')}`,
          );
        }
      }
      if (running) await storage.virsh(poolVerb('pool-destroy', pool.uuid));
      if (deleteData) {
        try {
          await storage.virsh(poolVerb('pool-delete', pool.uuid));
        } catch (error) {
          throw new LibvirtError(`${(error as Error).message}${await leftovers(storage, pool)}`);
        }
      }
      if (pool.persistent) await storage.virsh(poolVerb('pool-undefine', pool.uuid));
    },
  );
}

/** Deletes every volume libvirt lists; returns what could not be deleted, and why. */
async function deleteAllVolumes(storage: HostStorage, pool: PoolDetail): Promise<string[]> {
  await storage.virsh(poolVerb('pool-refresh', pool.uuid));
  const rows = (await listVolumeRows(storage.connection.virsh, pool.uuid)) ?? [];
  const failed: string[] = [];
  for (const row of rows) {
    try {
      await storage.virsh(volDelete({ path: row.path }));
    } catch (error) {
      if ((error as { status?: number }).status === 404) continue; // gone meanwhile
      failed.push(`${JSON.stringify(row.path)}: ${(error as Error).message}`);
    }
  }
  return failed;
}

/** What is still in a file pool's directory (after pool-delete failed), as message text. */
async function leftovers(storage: HostStorage, pool: PoolDetail): Promise<string> {
  if (!(await storage.ownsBytes(pool)) || pool.targetPath === null) return '';
  try {
    const lines = await storage.shell.collect('list', '', [pool.targetPath]);
    const count = Number(lines.find((l) => l.startsWith('N '))?.slice(2) ?? 0);
    if (count === 0) return '';
    const names = lines
      .filter((l) => /^[fdo] /.test(l))
      .map((l) => {
        const entry = JSON.stringify(Buffer.from(l.slice(2), 'base64').toString('utf8'));
        return l[0] === 'd'
          ? `${entry} (directory)`
          : l[0] === 'o'
            ? `${entry} (not a file)`
            : entry;
      });
    const more = count > names.length ? ` and ${count - names.length} more` : '';
    return `; left in ${JSON.stringify(pool.targetPath)}: ${names.join(', ')}${more}`;
  } catch (error) {
    return `; could not list ${JSON.stringify(pool.targetPath)}: ${(error as Error).message}`;
  }
}
