import type { Pool, PoolDetail } from '@poolwatch/shared';
import { HostUnreachableError, NotFoundError } from '../errors.js';
import { parsePoolInfo } from './parsers/pool-info.parser.js';
import { parsePoolUuids } from './parsers/pool-list.parser.js';
import { parsePoolXml } from './parsers/pool-xml.parser.js';
import { parseVolList, type VolListRow } from './parsers/vol-list.parser.js';
import type { VirshClient } from './virsh-client.js';
import type { VirshArgs } from './virsh-command.js';

/**
 * Storage pool verbs. Inside the session pools are addressed by UUID (see
 * pool-list.parser.ts); names are read from pool-dumpxml, exact.
 */
export interface PoolSnapshot {
  pool: Pool;
  xml: string;
  /** vol-list rows when the pool is running (null otherwise). */
  volumes: VolListRow[] | null;
}

export async function listPoolUuids(virsh: VirshClient): Promise<string[]> {
  return parsePoolUuids(await virsh.run(['pool-list', '--all', '--uuid']));
}

/** How a running pool's vol-list rows are had (the inventory reuses slow pools' last rows). */
export type ListRows = (uuid: string) => Promise<VolListRow[] | null>;

/** Everything about one pool in three pipelined commands; null if it vanished meanwhile. */
export async function readPool(
  virsh: VirshClient,
  uuid: string,
  listRows: ListRows = (id) => listVolumeRows(virsh, id),
): Promise<PoolSnapshot | null> {
  const [info, xml] = await Promise.all([
    virsh.runOrNull(['pool-info', '--bytes', '--', uuid]),
    virsh.runOrNull(['pool-dumpxml', '--', uuid]),
  ]);
  if (info === null || xml === null) return null;
  const facts = parsePoolInfo(info);
  if (facts === null) return null;
  const volumes = facts.state === 'running' ? await listRows(uuid) : null;
  const { name, type, capacity, allocation, available, targetPath, error } = parsePoolXml(xml);
  return {
    xml,
    volumes,
    pool: {
      name,
      uuid,
      type,
      ...facts,
      capacity,
      allocation,
      available,
      targetPath,
      volumeCount: volumes?.length ?? null,
      error,
    },
  };
}

/**
 * Every pool of the host. One pool whose read fails (libvirt error, output we cannot parse)
 * never hides the others: it is listed with its error (see failedPool). Only a lost host
 * fails the whole read. `previous`: the last snapshots, by uuid, to name a failed pool.
 */
export async function readAllPools(
  virsh: VirshClient,
  previous: ReadonlyMap<string, PoolSnapshot> = new Map(),
  listRows?: ListRows,
): Promise<PoolSnapshot[]> {
  const uuids = await listPoolUuids(virsh);
  const snapshots = await Promise.all(
    uuids.map((uuid) =>
      readPool(virsh, uuid, listRows).catch((error: Error) => {
        if (error instanceof HostUnreachableError) throw error;
        return failedPool(uuid, error.message, previous.get(uuid));
      }),
    ),
  );
  return snapshots
    .filter((s): s is PoolSnapshot => s !== null)
    .sort((a, b) => a.pool.name.localeCompare(b.pool.name));
}

/**
 * A pool libvirt lists but whose read failed: its last known name and lifecycle (or its
 * uuid as name when never read), no figures (they would be stale), the reason as `error`.
 * Its volumes are not listed (null rows): they cannot be trusted either.
 */
export function failedPool(uuid: string, reason: string, last?: PoolSnapshot): PoolSnapshot {
  const known = last?.pool;
  return {
    xml: last?.xml ?? '',
    volumes: null,
    pool: {
      name: known?.name ?? uuid,
      uuid,
      type: known?.type ?? 'unknown',
      state: known?.state ?? 'inaccessible',
      persistent: known?.persistent ?? false,
      autostart: known?.autostart ?? false,
      capacity: null,
      allocation: null,
      available: null,
      targetPath: known?.targetPath ?? null,
      volumeCount: null,
      error: `could not read this pool: ${reason}`,
    },
  };
}

/** vol-list rows of a running pool; null when the pool stopped or vanished meanwhile. */
export async function listVolumeRows(
  virsh: VirshClient,
  uuid: string,
  { alone = false }: { alone?: boolean } = {},
): Promise<VolListRow[] | null> {
  const args: VirshArgs = ['vol-list', '--pool', uuid];
  try {
    const out = alone
      ? await virsh.runAlone(args).catch(nullWhenNotFound)
      : await virsh.runOrNull(args);
    return out === null ? null : parseVolList(out);
  } catch (error) {
    if ((error as { id?: string }).id === 'pool_inactive') return null;
    throw error;
  }
}

const nullWhenNotFound = (error: unknown): null => {
  if (error instanceof NotFoundError) return null;
  throw error;
};

export function toPoolDetail(snapshot: PoolSnapshot): PoolDetail {
  return { ...snapshot.pool, xml: snapshot.xml };
}

export function poolNotFound(hostId: string, name: string): NotFoundError {
  return new NotFoundError(`host ${hostId} has no storage pool named ${JSON.stringify(name)}`);
}
