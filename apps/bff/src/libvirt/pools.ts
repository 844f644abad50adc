import type { Pool, PoolDetail } from '@poolwatch/shared';
import { NotFoundError } from '../errors.js';
import { parsePoolInfo } from './parsers/pool-info.parser.js';
import { parsePoolUuids } from './parsers/pool-list.parser.js';
import { parsePoolXml } from './parsers/pool-xml.parser.js';
import { parseVolList, type VolListRow } from './parsers/vol-list.parser.js';
import type { VirshClient } from './virsh-client.js';

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

/** Everything about one pool in three pipelined commands; null if it vanished meanwhile. */
export async function readPool(virsh: VirshClient, uuid: string): Promise<PoolSnapshot | null> {
  const [info, xml] = await Promise.all([
    virsh.runOrNull(['pool-info', '--bytes', '--', uuid]),
    virsh.runOrNull(['pool-dumpxml', '--', uuid]),
  ]);
  if (info === null || xml === null) return null;
  const facts = parsePoolInfo(info);
  if (facts === null) return null;
  const volumes = facts.state === 'running' ? await listVolumeRows(virsh, uuid) : null;
  const { name, type, capacity, allocation, available, targetPath } = parsePoolXml(xml);
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
    },
  };
}

export async function readAllPools(virsh: VirshClient): Promise<PoolSnapshot[]> {
  const uuids = await listPoolUuids(virsh);
  const snapshots = await Promise.all(uuids.map((uuid) => readPool(virsh, uuid)));
  return snapshots
    .filter((s): s is PoolSnapshot => s !== null)
    .sort((a, b) => a.pool.name.localeCompare(b.pool.name));
}

/** vol-list rows of a running pool; null when the pool stopped or vanished meanwhile. */
export async function listVolumeRows(
  virsh: VirshClient,
  uuid: string,
): Promise<VolListRow[] | null> {
  try {
    const out = await virsh.runOrNull(['vol-list', '--pool', uuid]);
    return out === null ? null : parseVolList(out);
  } catch (error) {
    if ((error as { id?: string }).id === 'pool_inactive') return null;
    throw error;
  }
}

export function toPoolDetail(snapshot: PoolSnapshot): PoolDetail {
  return { ...snapshot.pool, xml: snapshot.xml };
}

export function poolNotFound(hostId: string, name: string): NotFoundError {
  return new NotFoundError(`host ${hostId} has no storage pool named ${JSON.stringify(name)}`);
}
