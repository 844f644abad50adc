import { parseDomainDisks, parseDomState, type DomainDisks } from './parsers/domain-xml.parser.js';
import { parsePoolUuids } from './parsers/pool-list.parser.js';
import type { VirshClient } from './virsh-client.js';

export interface DomainDiskUse extends DomainDisks {
  /** As `virsh domstate` words it: "running", "shut off", "paused"... */
  state: string;
}

/**
 * Domain verbs, read-only: which domains exist and which disks they have. Domains are
 * addressed by UUID (like pools, see pool-list.parser.ts: names may hold anything). A
 * domain undefined between the list and its dumpxml is simply absent. `dumpxml` of a
 * running domain is its live definition (with the backing chains qemu opened).
 */
export async function listDomainDisks(virsh: VirshClient): Promise<DomainDiskUse[]> {
  // `list --uuid` prints the same 36-character lines as `pool-list --uuid`.
  const uuids = parsePoolUuids(await virsh.run(['list', '--all', '--uuid']));
  const domains = await Promise.all(
    uuids.map(async (uuid) => {
      const [xml, state] = await Promise.all([
        virsh.runOrNull(['dumpxml', '--', uuid]),
        virsh.runOrNull(['domstate', '--', uuid]),
      ]);
      if (xml === null || state === null) return null;
      return { ...parseDomainDisks(xml), state: parseDomState(state) };
    }),
  );
  return domains.filter((d): d is DomainDiskUse => d !== null);
}
