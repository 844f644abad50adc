import type { Host } from '@poolwatch/shared';
import type { PoolSnapshot } from '../libvirt/pools.js';
import type { VolListRow } from '../libvirt/parsers/vol-list.parser.js';
import { SearchSegment, type SearchItem } from './search-index.js';
import { signatureOf } from './volume-cache.js';

/**
 * vol-list pads names by display width, so a name's trailing spaces cannot be told from
 * padding; in dir-like pools the file name is the volume name, exact. Elsewhere the row's.
 */
function volumeName(row: VolListRow): string {
  const base = row.path.slice(row.path.lastIndexOf('/') + 1);
  return base.trimEnd() === row.name.trimEnd() ? base : row.name;
}

/**
 * One host's slice of the fleet search, from the poll's own data (every running pool's
 * vol-list is read each poll anyway): nothing is asked of the host when someone searches.
 * Each pool's volumes are indexed once per vol-list identity, so a search after an
 * unchanged poll costs only the scan.
 */
export class HostSearch {
  private readonly volumeSegments = new Map<
    string,
    { rows: VolListRow[]; key: string; segment: SearchSegment }
  >();
  private poolSegment: { key: string; segment: SearchSegment } | null = null;

  constructor(
    private readonly host: () => Host,
    private readonly pools: () => PoolSnapshot[],
  ) {}

  segments(): SearchSegment[] {
    const host = this.host();
    const hostSegment = new SearchSegment([{ kind: 'host', hostId: host.id, name: host.label }]);
    // Pools and volumes of a host that is not connected would be stale: left out.
    if (host.state !== 'connected') return [hostSegment];
    const snapshots = this.pools();
    return [hostSegment, this.poolsOf(host.id, snapshots), ...this.volumesOf(host.id, snapshots)];
  }

  private poolsOf(hostId: string, snapshots: PoolSnapshot[]): SearchSegment {
    const items: SearchItem[] = snapshots.map(({ pool }) => ({
      kind: 'pool',
      hostId,
      name: pool.name,
      path: pool.targetPath,
    }));
    const key = JSON.stringify(items);
    if (this.poolSegment?.key !== key)
      this.poolSegment = { key, segment: new SearchSegment(items) };
    return this.poolSegment.segment;
  }

  private volumesOf(hostId: string, snapshots: PoolSnapshot[]): SearchSegment[] {
    const segments: SearchSegment[] = [];
    const live = new Set<string>();
    for (const { pool, volumes: rows } of snapshots) {
      if (rows === null) continue;
      live.add(pool.uuid);
      let cached = this.volumeSegments.get(pool.uuid);
      // Same rows as the last search (no poll since): nothing to compare.
      if (cached?.rows === rows) {
        segments.push(cached.segment);
        continue;
      }
      // The pool's name is part of every result: a rename re-indexes it.
      const key = `${pool.name}\0\0${signatureOf(rows)}`;
      if (cached?.key === key) cached.rows = rows;
      else {
        const items: SearchItem[] = rows.map((row) => ({
          kind: 'volume',
          hostId,
          pool: pool.name,
          name: volumeName(row),
          path: row.path,
        }));
        cached = { rows, key, segment: new SearchSegment(items) };
        this.volumeSegments.set(pool.uuid, cached);
      }
      segments.push(cached.segment);
    }
    for (const uuid of this.volumeSegments.keys()) {
      if (!live.has(uuid)) this.volumeSegments.delete(uuid);
    }
    return segments;
  }
}
