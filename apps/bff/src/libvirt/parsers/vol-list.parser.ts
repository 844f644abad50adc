import { decodeVirshTableCell } from './virsh-escape.js';
import { displayWidth, indexAtColumn } from './display-width.js';

export interface VolListRow {
  /** Name as shown in the table; trailing spaces of a name cannot be told from padding. */
  name: string;
  /** Path, exact: it is the last column, which virsh does not pad. */
  path: string;
}

/**
 * Parses plain `virsh vol-list --pool P` output:
 *
 *    Name                    Path
 *   --------------------------------------------------
 *    sp ace.img              /pools/a/sp ace.img
 *
 * Names and paths may hold spaces, so rows are split at the display column where the
 * header's "Path" starts. Names are only hints: callers read the exact name from
 * vol-dumpxml.
 */
export function parseVolList(output: string): VolListRow[] {
  const lines = output.split('\n');
  const headerIndex = lines.findIndex((l) => /^\s*Name\s+Path\s*$/.test(l));
  if (headerIndex < 0) throw new Error(`unexpected vol-list output: ${output.slice(0, 200)}`);
  const header = lines[headerIndex]!;
  const pathColumn = displayWidth(header.slice(0, header.indexOf('Path')));
  const rows: VolListRow[] = [];
  for (const line of lines.slice(headerIndex + 2)) {
    if (line.trim() === '') continue;
    const split = indexAtColumn(line, pathColumn);
    rows.push({
      name: decodeVirshTableCell(line.slice(1, split).trimEnd()),
      path: decodeVirshTableCell(line.slice(split)),
    });
  }
  return rows;
}
