import type { DefinePoolRequest, JobKind, PoolDetail } from '@poolwatch/shared';
import { BadRequestError, ConflictError } from '../errors.js';
import { lockKeys, type JobLock, type JobSpec } from '../jobs/job-spec.js';
import { buildPoolXml } from '../libvirt/builders/pool-xml.js';
import { parseXml } from '../libvirt/parsers/xml.js';
import { listVolumeRows } from '../libvirt/pools.js';
import type { HostStorage } from './host-storage.js';

/**
 * Pool operations as jobs. Each is one or a few libvirt calls that libvirt cannot abort
 * (a pool build may run mkfs or vgcreate): none is cancellable, and each says so.
 */

const poolLock = (hostId: string, pool: string): JobLock[] => [
  { key: lockKeys.pool(hostId, pool), mode: 'write', label: `pool ${JSON.stringify(pool)}` },
];

function poolJob(
  storage: HostStorage,
  kind: JobKind,
  pool: string,
  params: Record<string, unknown>,
  cancelNote: string,
  run: () => Promise<unknown>,
): JobSpec {
  return {
    hostId: storage.hostId,
    kind,
    target: { pool, volume: null, targetPool: null, targetVolume: null },
    params,
    movesBytes: false,
    cancellable: false,
    cancelNote,
    source: `unmeasurable: libvirt reports no progress for ${kind.replace('pool.', 'pool-')}`,
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

export async function definePoolJob(
  storage: HostStorage,
  req: DefinePoolRequest,
): Promise<JobSpec> {
  const xml = 'xml' in req ? req.xml : buildPoolXml(req);
  const name = parseXml(xml).text('pool/name');
  if (name === undefined) throw new BadRequestError('the pool XML has no <name>');
  const form = 'xml' in req ? null : req;
  const existing = await storage.pool(name).catch(() => null);
  if (existing) throw new ConflictError('conflict', `a pool named ${JSON.stringify(name)} exists`);
  return poolJob(
    storage,
    'pool.define',
    name,
    form
      ? { type: form.type, build: form.build, start: form.start, autostart: form.autostart }
      : { xml: true },
    'pool-define, pool-build and pool-start are libvirt calls that cannot be aborted',
    async () => {
      await storage.virshWithXml(xml, (file) => ['pool-define', '--', file]);
      if (!form) return;
      const defined = await storage.pool(name);
      if (form.build) await storage.virsh(['pool-build', '--', defined.uuid]);
      if (form.start) await storage.virsh(['pool-start', '--', defined.uuid]);
      if (form.autostart) await storage.virsh(['pool-autostart', '--', defined.uuid]);
    },
  );
}

export type PoolAction = 'start' | 'stop' | 'build' | 'refresh';

const ACTION_COMMAND: Record<PoolAction, string> = {
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
    `pool.${action}`,
    name,
    {},
    `${command} is one libvirt call that cannot be aborted`,
    () => storage.virsh([command, '--', pool.uuid]),
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
    'pool.autostart',
    name,
    { autostart },
    'pool-autostart ends at once',
    () => storage.virsh(['pool-autostart', ...(autostart ? [] : ['--disable']), '--', pool.uuid]),
  );
}

/**
 * deleteData=false: stop the pool if running and forget its definition, data untouched.
 * deleteData=true: delete every volume, stop, delete the pool's storage (pool-delete:
 * removes the directory, or the volume group...), then undefine.
 */
export async function removePoolJob(
  storage: HostStorage,
  name: string,
  deleteData: boolean,
): Promise<JobSpec> {
  const pool = await storage.pool(name);
  return poolJob(
    storage,
    deleteData ? 'pool.delete' : 'pool.undefine',
    name,
    { deleteData },
    'deleting a pool is a sequence of libvirt calls that cannot be aborted',
    async () => {
      if (deleteData) await deleteAllVolumes(storage, pool);
      if (pool.state === 'running') await storage.virsh(['pool-destroy', '--', pool.uuid]);
      if (deleteData) await storage.virsh(['pool-delete', '--', pool.uuid]);
      if (pool.persistent) await storage.virsh(['pool-undefine', '--', pool.uuid]);
    },
  );
}

async function deleteAllVolumes(storage: HostStorage, pool: PoolDetail): Promise<void> {
  if (pool.state !== 'running') await storage.virsh(['pool-start', '--', pool.uuid]);
  const rows = await listVolumeRows(storage.connection.virsh, pool.uuid);
  for (const row of rows ?? []) await storage.virsh(['vol-delete', '--', row.path]);
}
