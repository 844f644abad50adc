import type { VolumeFacts } from '@poolwatch/shared';
import { parseVolumeXml, splitVolumeXmlDocuments } from './parsers/vol-xml.parser.js';
import { fitsInteractiveShell, type VirshArgs } from './virsh-command.js';
import type { VolListRow } from './parsers/vol-list.parser.js';
import type { VirshClient } from './virsh-client.js';

/** A volume as libvirt describes it, with its XML (no `usedBy`: the inventory adds it). */
export type VolumeFactsDetail = VolumeFacts & { xml: string };

/**
 * Storage volume verbs. Bulk reads look volumes up by path (exact, from vol-list's last
 * column; for file pools the key lookup hits at once), which is half the round trips of a
 * lookup by pool and name. Single reads by name use `--pool <uuid> -- <name>`.
 */
export async function readVolumeByPath(
  virsh: VirshClient,
  path: string,
): Promise<VolumeFactsDetail | null> {
  const xml = await virsh.runOrNull(['vol-dumpxml', '--', path]);
  return xml === null ? null : { ...parseVolumeXml(xml), xml };
}

export async function readVolumeByName(
  virsh: VirshClient,
  poolUuid: string,
  name: string,
): Promise<VolumeFactsDetail | null> {
  const xml = await virsh.runOrNull(['vol-dumpxml', '--pool', poolUuid, '--', name]);
  if (xml === null) return null;
  const volume = parseVolumeXml(xml);
  // virsh falls back to key and path lookups when the name misses: insist on the name.
  return volume.name === name ? { ...volume, xml } : null;
}

/** Commands per batch: big enough to amortise framing, small enough to let others in. */
const BATCH = 100;

/**
 * Reads every row's XML by path (exact: vol-list's last, unpadded column), in batches
 * pipelined over the host's sessions. Rows the batches did not answer (a path with a control
 * character cannot go through the shell; a volume deleted meanwhile) are read one by one,
 * by path then by pool + name; a volume that is gone is simply absent.
 */
export async function readVolumes(
  virsh: VirshClient,
  poolUuid: string,
  rows: VolListRow[],
): Promise<VolumeFacts[]> {
  const dumpxml = (row: VolListRow): VirshArgs => ['vol-dumpxml', '--', row.path];
  const batchable = rows.filter((row) => fitsInteractiveShell(dumpxml(row)));
  const batches = Array.from({ length: Math.ceil(batchable.length / BATCH) }, (_, i) =>
    batchable.slice(i * BATCH, (i + 1) * BATCH),
  );
  const byPath = new Map<string, VolumeFacts>();
  await Promise.all(
    batches.map(async (batch) => {
      const { stdout } = await virsh.runBatch(batch.map(dumpxml));
      for (const xml of splitVolumeXmlDocuments(stdout)) {
        const volume = parseVolumeXml(xml);
        byPath.set(volume.path, volume);
      }
    }),
  );
  const readOne = async (row: VolListRow) =>
    (await readVolumeByPath(virsh, row.path)) ??
    (await readVolumeByName(virsh, poolUuid, row.name));
  const stragglers = await Promise.all(rows.filter((r) => !byPath.has(r.path)).map(readOne));
  for (const detail of stragglers) if (detail) byPath.set(detail.path, stripXml(detail));
  return rows.flatMap((row) => byPath.get(row.path) ?? []);
}

function stripXml({ xml: _xml, ...volume }: VolumeFactsDetail): VolumeFacts {
  return volume;
}
