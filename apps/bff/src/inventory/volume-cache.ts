import type { VolumeFacts as Volume } from '@poolwatch/shared';
import { listVolumeRows } from '../libvirt/pools.js';
import type { VolListRow } from '../libvirt/parsers/vol-list.parser.js';
import type { VirshClient } from '../libvirt/virsh-client.js';
import { readVolumes } from '../libvirt/volumes.js';

/** A pool's volume list stays cached (and polled) this long after someone last asked. */
const WATCH_MS = 60_000;
/** Sizes of cached volumes are re-read at least this often, more rarely for big pools. */
const MIN_FULL_REFRESH_MS = 5_000;

interface Entry {
  volumes: Map<string, Volume>; // by path, in vol-list order
  signature: string;
  watchedUntil: number;
  fullRefreshAt: number;
}

/** Identity of a pool's volume list: which paths it holds, in order. */
export const signatureOf = (rows: VolListRow[]) => rows.map((r) => r.path).join('\0');

/**
 * Volume lists of the pools someone is looking at. A cold read costs one vol-list plus one
 * vol-dumpxml per volume; after that the poll keeps the list current: a changed vol-list
 * reads only the new volumes, and a periodic full re-read catches size changes.
 */
export class VolumeCache {
  private readonly entries = new Map<string, Entry>(); // by pool uuid
  private readonly loading = new Map<string, Promise<Volume[] | null>>();

  constructor(private readonly virsh: VirshClient) {}

  /**
   * The pool's volumes (null if it is not running); marks the pool as watched.
   * `freshRows`: vol-list rows the poll read moments ago, which spare a cold read its own
   * vol-list (one round trip per volume).
   */
  async read(poolUuid: string, freshRows: VolListRow[] | null = null): Promise<Volume[] | null> {
    const entry = this.entries.get(poolUuid);
    if (entry) {
      entry.watchedUntil = Date.now() + WATCH_MS;
      return [...entry.volumes.values()];
    }
    let load = this.loading.get(poolUuid);
    if (!load) {
      load = this.load(poolUuid, freshRows).finally(() => this.loading.delete(poolUuid));
      this.loading.set(poolUuid, load);
    }
    return load;
  }

  /**
   * Brings a watched pool's entry up to date with fresh vol-list rows (null: the pool is
   * not running). Returns true when what clients see changed.
   */
  async update(poolUuid: string, rows: VolListRow[] | null): Promise<boolean> {
    const entry = this.entries.get(poolUuid);
    if (!entry) return false;
    if (rows === null || Date.now() > entry.watchedUntil) {
      this.entries.delete(poolUuid);
      return rows === null;
    }
    const before = JSON.stringify([...entry.volumes.values()]);
    if (Date.now() >= entry.fullRefreshAt) {
      await this.reread(entry, poolUuid, rows);
    } else if (signatureOf(rows) !== entry.signature) {
      const missing = rows.filter((r) => !entry.volumes.has(r.path));
      const added = new Map(
        (await readVolumes(this.virsh, poolUuid, missing)).map((v) => [v.path, v]),
      );
      entry.volumes = new Map(
        rows.flatMap((r) => {
          const volume = entry.volumes.get(r.path) ?? added.get(r.path);
          return volume ? [[r.path, volume] as const] : [];
        }),
      );
      entry.signature = signatureOf(rows);
    }
    return JSON.stringify([...entry.volumes.values()]) !== before;
  }

  /** Next poll re-reads every cached volume (after a pool refresh event). */
  expireAll(): void {
    for (const entry of this.entries.values()) entry.fullRefreshAt = 0;
  }

  forgetExcept(poolUuids: Set<string>): void {
    for (const uuid of this.entries.keys()) if (!poolUuids.has(uuid)) this.entries.delete(uuid);
  }

  private async load(poolUuid: string, freshRows: VolListRow[] | null): Promise<Volume[] | null> {
    const rows = freshRows ?? (await listVolumeRows(this.virsh, poolUuid));
    if (rows === null) return null;
    const entry: Entry = {
      volumes: new Map(),
      signature: '',
      watchedUntil: Date.now() + WATCH_MS,
      fullRefreshAt: 0,
    };
    await this.reread(entry, poolUuid, rows);
    this.entries.set(poolUuid, entry);
    return [...entry.volumes.values()];
  }

  private async reread(entry: Entry, poolUuid: string, rows: VolListRow[]): Promise<void> {
    const started = Date.now();
    const volumes = await readVolumes(this.virsh, poolUuid, rows);
    entry.volumes = new Map(volumes.map((v) => [v.path, v]));
    entry.signature = signatureOf(rows);
    entry.fullRefreshAt = Date.now() + Math.max(MIN_FULL_REFRESH_MS, 10 * (Date.now() - started));
  }
}
