import type { Pool } from '@poolwatch/shared';
import { listVolumeRows } from '../libvirt/pools.js';
import type { VolListRow } from '../libvirt/parsers/vol-list.parser.js';
import type { VirshClient } from '../libvirt/virsh-client.js';
import type { Logger } from '../logger.js';
import { PoolDirWatch } from './pool-dir-watch.js';

/**
 * A pool with this many volumes is "big": its vol-list is read outside the poll, and its
 * volume sizes are read in the background while the list is shown at once (volume-cache.ts).
 * `virsh vol-list` asks the daemon for each volume's path, one call per volume: ~0.4 ms
 * each here, so 2,000 volumes hold a session for about a second and 10,000 for four.
 */
export const BIG_POOL_VOLUMES = 2_000;

interface Known {
  rows: VolListRow[] | null;
  costMs: number;
  readAt: number;
  /** When that list began (a change after it may be missing from it). */
  listedAt: number;
  refreshing: boolean;
}

/**
 * The vol-list rows the poll works from. Small pools are listed inline, in the poll, as
 * before. A big pool's last rows are reused and re-listed in the background on a virsh of
 * its own (`runAlone`), so neither the poll nor the commands queued on the sessions wait for
 * it: other pools' changes still show within a poll or two. When its rows change, `onFresh`
 * asks for a poll, which then carries the new rows to the volume cache. A small pool whose
 * directory the host agent watches (pool-dir-watch.ts) keeps its rows until it changes.
 */
export class VolumeLists {
  private readonly known = new Map<string, Known>(); // by pool uuid

  constructor(
    private readonly virsh: VirshClient,
    private readonly pollIntervalMs: number,
    private readonly logger: Logger,
    private readonly onFresh: () => void,
    /** The volume cache is reading this pool's volumes (its list is at hand meanwhile). */
    private readonly busy: (uuid: string) => boolean = () => false,
  ) {}

  /** Small pools whose directory the host agent watches are listed only on a change. */
  readonly dirs = new PoolDirWatch(() => this.onFresh());

  /** For readAllPools: this running pool's rows (null: it stopped or vanished). */
  readonly rows = async (uuid: string): Promise<VolListRow[] | null> => {
    const last = this.known.get(uuid);
    if (last && last.rows !== null && last.rows.length >= BIG_POOL_VOLUMES) {
      this.refreshInBackground(uuid, last);
      return last.rows;
    }
    if (last && last.rows !== null && this.dirs.unchangedSince(uuid, last.listedAt))
      return last.rows;
    const started = Date.now();
    const rows = await listVolumeRows(this.virsh, uuid);
    const costMs = Date.now() - started;
    this.known.set(uuid, {
      rows,
      costMs,
      readAt: Date.now(),
      listedAt: started,
      refreshing: false,
    });
    return rows;
  };

  /**
   * After a poll: forget pools that are gone or not running (their rows would be stale), and
   * tell the agent which directories to watch.
   */
  keepOnly(pools: readonly Pool[]): void {
    const running = new Set(pools.flatMap((p) => (p.volumeCount === null ? [] : [p.uuid])));
    for (const uuid of this.known.keys()) if (!running.has(uuid)) this.known.delete(uuid);
    this.dirs.update(pools);
  }

  /** A pool refresh event: the big pools' lists (and watched ones) are re-read at the next poll. */
  expireAll(): void {
    for (const known of this.known.values()) known.readAt = 0;
    this.dirs.expireAll();
  }

  private refreshInBackground(uuid: string, known: Known): void {
    // Back to back would keep one more virsh busy on the host all the time; twice its own
    // cost leaves the daemon to others half of the time at least.
    const dueAt = known.readAt + Math.max(this.pollIntervalMs, 2 * known.costMs);
    // While the cache reads the pool's sizes, one more pass over it would only slow that.
    if (known.refreshing || Date.now() < dueAt || this.busy(uuid)) return;
    known.refreshing = true;
    const started = Date.now();
    known.listedAt = started;
    const before = signature(known.rows);
    void listVolumeRows(this.virsh, uuid, { alone: true })
      .then((rows) => {
        known.rows = rows;
        known.costMs = Date.now() - started;
        if (signature(rows) !== before) this.onFresh();
      })
      .catch((error: Error) => {
        // The sessions decide whether the host is lost; this list is simply retried later.
        this.logger.warn({ pool: uuid, err: error.message }, 'big pool: vol-list failed');
      })
      .finally(() => {
        known.readAt = Date.now();
        known.refreshing = false;
      });
  }
}

const signature = (rows: VolListRow[] | null) =>
  rows === null ? '\0null' : rows.map((r) => r.path).join('\0');
