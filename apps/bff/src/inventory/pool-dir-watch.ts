import type { Pool } from '@poolwatch/shared';
import type { PoolDir, PoolDirSource } from '../libvirt/agent-pool-dirs.js';

/** Pool types whose volumes are the files of one directory, which the agent can stat. */
const WATCHABLE_TYPES: ReadonlySet<string> = new Set(['dir', 'fs', 'netfs']);
/**
 * Even a watched pool is re-listed this often: the safety net for a change the directory's
 * times do not show (a volume libvirt knows that is not a file of it, a clock set back).
 */
export const SAFETY_RELIST_MS = 60_000;

/**
 * Which running pools' vol-list the poll may skip. A pool is skipped only while the host
 * agent watches its directory (pool-dirs.sh acknowledged it on its live channel), nothing
 * changed there since the last list began, and that list is under a minute old. Anything
 * else (logical, iscsi, rbd… pools, no agent, a change) is listed as before. Sizes inside
 * files change no directory: the volume cache's own size re-read keeps them fresh.
 */
export class PoolDirWatch {
  /** When the agent began watching each pool (its baseline): lists older than that may miss. */
  private readonly since = new Map<string, number>();
  /** When the agent last told a change of each pool (after libvirt re-scanned it). */
  private readonly changedAt = new Map<string, number>();

  private source: PoolDirSource | null = null;

  /** onChange: a watched pool changed, or watching began: the caller polls now. */
  constructor(private readonly onChange: () => void) {}

  /** The host's agent carries the watch (wired by the composition root). */
  attach(source: PoolDirSource): void {
    this.source = source;
    source.listen({
      watching: (uuids) => {
        const now = Date.now();
        this.since.clear();
        for (const uuid of uuids) this.since.set(uuid, now);
        // A change between the last list and the new baseline would go untold: list once.
        if (uuids.size > 0) this.onChange();
      },
      changed: (uuid) => {
        this.changedAt.set(uuid, Date.now());
        this.onChange();
      },
      lost: () => this.since.clear(),
    });
  }

  /** After a poll: what the agent should watch now. */
  update(pools: readonly Pool[]): void {
    if (this.source === null) return;
    const dirs: PoolDir[] = [];
    for (const p of pools) {
      if (p.state !== 'running' || !WATCHABLE_TYPES.has(p.type) || p.targetPath === null) continue;
      if (p.targetPath.startsWith('/')) dirs.push({ uuid: p.uuid, path: p.targetPath });
    }
    const kept = new Set(dirs.map((d) => d.uuid));
    for (const uuid of this.changedAt.keys()) if (!kept.has(uuid)) this.changedAt.delete(uuid);
    this.source.watch(dirs);
  }

  /** May the poll reuse this pool's rows, whose list started at `listedAt`? */
  unchangedSince(uuid: string, listedAt: number): boolean {
    const since = this.since.get(uuid);
    if (since === undefined || listedAt < since) return false;
    // Told during or after that list began: the list may predate libvirt's re-scan.
    if ((this.changedAt.get(uuid) ?? -Infinity) >= listedAt) return false;
    return Date.now() - listedAt < SAFETY_RELIST_MS;
  }

  /** A pool refresh event (libvirt re-scanned): every pool is listed at the next poll. */
  expireAll(): void {
    const now = Date.now();
    for (const uuid of this.since.keys()) this.changedAt.set(uuid, now);
  }
}
