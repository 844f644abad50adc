import type { Volume, VolumeDetail } from '@poolwatch/shared';
import { parseVolumeXml } from './parsers/vol-xml.parser.js';
import type { VolListRow } from './parsers/vol-list.parser.js';
import type { VirshClient } from './virsh-client.js';

/**
 * Storage volume verbs. Bulk reads look volumes up by path (exact, from vol-list's last
 * column; for file pools the key lookup hits at once), which is half the round trips of a
 * lookup by pool and name. Single reads by name use `--pool <uuid> -- <name>`.
 */
export async function readVolumeByPath(
  virsh: VirshClient,
  path: string,
): Promise<VolumeDetail | null> {
  const xml = await virsh.runOrNull(['vol-dumpxml', '--', path]);
  return xml === null ? null : { ...parseVolumeXml(xml), xml };
}

export async function readVolumeByName(
  virsh: VirshClient,
  poolUuid: string,
  name: string,
): Promise<VolumeDetail | null> {
  const xml = await virsh.runOrNull(['vol-dumpxml', '--pool', poolUuid, '--', name]);
  if (xml === null) return null;
  const volume = parseVolumeXml(xml);
  // virsh falls back to key and path lookups when the name misses: insist on the name.
  return volume.name === name ? { ...volume, xml } : null;
}

/**
 * Reads every row's XML, pipelined over the host's sessions. A row whose path lookup
 * fails is retried by name (a name that ends in spaces is padded away in vol-list);
 * a volume deleted meanwhile is simply absent.
 */
export async function readVolumes(
  virsh: VirshClient,
  poolUuid: string,
  rows: VolListRow[],
): Promise<Volume[]> {
  const read = async (row: VolListRow) =>
    (await readVolumeByPath(virsh, row.path)) ??
    (await readVolumeByName(virsh, poolUuid, row.name));
  const details = await Promise.all(rows.map(read));
  return details.filter((d): d is VolumeDetail => d !== null).map(stripXml);
}

function stripXml({ xml: _xml, ...volume }: VolumeDetail): Volume {
  return volume;
}
