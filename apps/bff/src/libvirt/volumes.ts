import type { VolumeFacts } from '@poolwatch/shared';
import { HostUnreachableError } from '../errors.js';
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
 * Batches in flight at once (over the host's two sessions). Enough to keep both sessions
 * busy (each reads its next command as soon as one is answered), few enough that a poll's
 * commands wait behind at most a couple of batches, never behind a whole 10,000-volume pool.
 */
const BATCHES_IN_FLIGHT = 4;

export interface ReadVolumesOptions {
  /** Called with each batch's volumes as it lands (for lists that fill in as they are read). */
  onBatch?: (volumes: VolumeFacts[]) => void;
}

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
  { onBatch }: ReadVolumesOptions = {},
): Promise<VolumeFacts[]> {
  const dumpxml = (row: VolListRow): VirshArgs => ['vol-dumpxml', '--', row.path];
  const batchable = rows.filter((row) => fitsInteractiveShell(dumpxml(row)));
  const batches = Array.from({ length: Math.ceil(batchable.length / BATCH) }, (_, i) =>
    batchable.slice(i * BATCH, (i + 1) * BATCH),
  );
  const byPath = new Map<string, VolumeFacts>();
  let next = 0;
  // A few workers take batches in vol-list order, so the first rows are read first.
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const { stdout } = await virsh.runBatch(batch.map(dumpxml));
      const read: VolumeFacts[] = [];
      for (const xml of splitVolumeXmlDocuments(stdout)) {
        // A document we cannot parse is read again alone below (and then shown failed).
        const volume = parseOrNull(xml);
        if (volume) {
          byPath.set(volume.path, volume);
          read.push(volume);
        }
      }
      onBatch?.(read);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, batches.length) }, worker));
  const readOne = async (row: VolListRow): Promise<VolumeFactsDetail | null> => {
    try {
      return (
        (await readVolumeByPath(virsh, row.path)) ??
        (await readVolumeByName(virsh, poolUuid, row.name))
      );
    } catch (error) {
      // One volume libvirt cannot describe never hides its pool's other volumes.
      if (error instanceof HostUnreachableError) throw error;
      return failedVolume(row, (error as Error).message);
    }
  };
  const stragglers = await Promise.all(rows.filter((r) => !byPath.has(r.path)).map(readOne));
  const late = stragglers.flatMap((detail) => (detail ? [stripXml(detail)] : []));
  for (const volume of late) byPath.set(volume.path, volume);
  if (late.length > 0) onBatch?.(late);
  return rows.flatMap((row) => byPath.get(row.path) ?? []);
}

function parseOrNull(xml: string): VolumeFacts | null {
  try {
    return parseVolumeXml(xml);
  } catch {
    return null;
  }
}

/**
 * A volume known only from its vol-list row (name and path): no figures yet. The caller
 * says why: an `error` (its XML could not be read) or `pending` (not read yet).
 */
export function listedOnly(row: VolListRow): VolumeFacts {
  return {
    name: row.name,
    key: row.path,
    path: row.path,
    type: 'unknown',
    format: null,
    capacity: null,
    allocation: null,
    backingStore: null,
    error: null,
  };
}

/** A listed volume whose XML could not be read: what vol-list said, and why. */
function failedVolume(row: VolListRow, reason: string): VolumeFactsDetail {
  return { ...listedOnly(row), error: `could not read this volume: ${reason}`, xml: '' };
}

function stripXml({ xml: _xml, ...volume }: VolumeFactsDetail): VolumeFacts {
  return volume;
}
