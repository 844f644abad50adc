import type { Host, Pool } from '@poolwatch/shared';
import { compareNatural } from '../../lib/naturalSort';

/**
 * One tile of the capacity column: a host, or one part of a host with more pools than fit on
 * one screen (its head repeats, "part 2 of 3"), so a big host pages like several hosts
 * instead of being cut at the screen's edge.
 */
export interface KioskTile {
  host: Host;
  /** The pools of this part, sorted; undefined until loaded (or never, unreachable). */
  pools: Pool[] | undefined;
  /** Index into the host list (for per-host data such as when it was fetched). */
  hostIndex: number;
  part: number;
  parts: number;
}

export function splitTiles(
  hosts: readonly Host[],
  pools: readonly (Pool[] | undefined)[],
  poolsPerTile: number,
): KioskTile[] {
  const perTile = Math.max(1, Math.floor(poolsPerTile));
  return hosts.flatMap((host, hostIndex): KioskTile[] => {
    const list = pools[hostIndex];
    if (list === undefined) return [{ host, pools: undefined, hostIndex, part: 1, parts: 1 }];
    const sorted = [...list].sort((a, b) => compareNatural(a.name, b.name));
    const parts = Math.max(1, Math.ceil(sorted.length / perTile));
    return Array.from({ length: parts }, (_, i) => ({
      host,
      pools: sorted.slice(i * perTile, (i + 1) * perTile),
      hostIndex,
      part: i + 1,
      parts,
    }));
  });
}

/**
 * How many pool rows fit in one screen-high tile, from the laid-out column: the container's
 * height, a host head's height and the pitch between two pool rows. Infinity when it cannot
 * be measured (nothing laid out yet, or no layout at all, as in tests without a browser).
 */
export function poolsPerTile(column: HTMLElement | null, list: HTMLElement | null): number {
  if (!column || !list) return Infinity;
  const head = list.querySelector<HTMLElement>('.kiosk-host__head');
  const rows = list.querySelectorAll<HTMLElement>('.kiosk-pool');
  const first = rows[0];
  if (!head || !first || first.offsetHeight === 0) return Infinity;
  const second = rows[1];
  const pitch =
    second && second.offsetTop > first.offsetTop
      ? second.offsetTop - first.offsetTop
      : first.offsetHeight;
  // One pitch of slack for the tile's own padding and the gap between tiles.
  const room = column.clientHeight - head.offsetHeight - pitch;
  return room > 0 ? Math.max(1, Math.floor(room / pitch)) : 1;
}
