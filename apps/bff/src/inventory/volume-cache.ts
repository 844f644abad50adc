import type { VolumeFacts as Volume } from '@poolwatch/shared';
import { HostUnreachableError } from '../errors.js';
import { listVolumeRows } from '../libvirt/pools.js';
import type { VolListRow } from '../libvirt/parsers/vol-list.parser.js';
import type { VirshClient } from '../libvirt/virsh-client.js';
import { listedOnly, readVolumes } from '../libvirt/volumes.js';
import { BIG_POOL_VOLUMES } from './volume-lists.js';

/** A pool's volume list stays cached (and polled) this long after someone last asked. */
const WATCH_MS = 60_000;
/** Sizes of cached volumes are re-read at least this often, more rarely for big pools. */
const MIN_FULL_REFRESH_MS = 5_000;
/** While a big pool's sizes fill in, browsers are told at most this often. */
const PROGRESS_NOTICE_MS = 1_000;

export interface VolumeCacheOptions {
  /** A pool's volumes changed outside a poll (a background read of a big pool landed). */
  onChanged: (poolUuid: string) => void;
  onError: (poolUuid: string, error: Error) => void;
}

interface Entry {
  volumes: Map<string, Volume>; // by path, in vol-list order
  signature: string;
  watchedUntil: number;
  fullRefreshAt: number;
  /** A background read of a big pool's volumes in flight (see readInBackground). */
  reading: boolean;
}

const isBig = (rows: VolListRow[]) => rows.length >= BIG_POOL_VOLUMES;

/** A listed volume whose XML is not read yet: the name and path the poll's vol-list gave. */
const pendingVolume = (row: VolListRow): Volume => ({ ...listedOnly(row), pending: true });

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
  /** vol-list identity per pool uuid, for every running pool (watched or not). */
  private listSignatures = new Map<string, string>();

  constructor(
    private readonly virsh: VirshClient,
    private readonly options: VolumeCacheOptions,
  ) {}

  /**
   * The pool's volumes (null if it is not running); marks the pool as watched.
   * `freshRows`: vol-list rows the poll read moments ago, which spare a cold read its own
   * vol-list (one round trip per volume). A big pool answers at once with those rows,
   * `pending` until its sizes are read in the background (onChanged tells as they land).
   */
  async read(poolUuid: string, freshRows: VolListRow[] | null = null): Promise<Volume[] | null> {
    const entry = this.entries.get(poolUuid);
    if (entry) {
      entry.watchedUntil = Date.now() + WATCH_MS;
      return [...entry.volumes.values()];
    }
    if (freshRows && isBig(freshRows)) return this.startBig(poolUuid, freshRows);
    let load = this.loading.get(poolUuid);
    if (!load) {
      load = this.load(poolUuid, freshRows).finally(() => this.loading.delete(poolUuid));
      this.loading.set(poolUuid, load);
    }
    return load;
  }

  /**
   * After a poll: every pool's fresh vol-list rows (null: not running). Returns the pools
   * whose volumes changed for clients. Every running pool's vol-list is read anyway (for
   * volumeCount), so membership changes are seen for all pools; sizes for watched pools
   * only. A pool whose volumes cannot be re-read is reported to onError and skipped: one
   * bad pool never stops the others; only a lost host fails the whole update.
   */
  async updateAll(
    pools: { uuid: string; rows: VolListRow[] | null }[],
    onError: (uuid: string, error: Error) => void,
  ): Promise<Set<string>> {
    const changed = new Set<string>();
    const signatures = new Map<string, string>();
    for (const { uuid, rows } of pools) {
      const signature = rows === null ? '' : signatureOf(rows);
      signatures.set(uuid, signature);
      // A pool seen for the first time counts as changed too: its first list may already
      // hold a volume created a moment ago.
      if (this.listSignatures.get(uuid) !== signature) changed.add(uuid);
      try {
        if (await this.update(uuid, rows)) changed.add(uuid);
      } catch (error) {
        if (error instanceof HostUnreachableError) throw error;
        onError(uuid, error as Error);
      }
    }
    this.listSignatures = signatures;
    this.forgetExcept(new Set(pools.map((p) => p.uuid)));
    return changed;
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
    if (entry.reading) return false; // its end tells (onChanged)
    const due = Date.now() >= entry.fullRefreshAt;
    const listChanged = signatureOf(rows) !== entry.signature;
    if (!due && !listChanged) return false;
    if (isBig(rows)) {
      // No before/after comparison of 10,000 volumes on the poll's path: a new list is news.
      if (due) this.readInBackground(entry, poolUuid, rows, false);
      else await this.addMissing(entry, poolUuid, rows);
      return !due;
    }
    const before = JSON.stringify([...entry.volumes.values()]);
    if (due) await this.reread(entry, poolUuid, rows);
    else await this.addMissing(entry, poolUuid, rows);
    return JSON.stringify([...entry.volumes.values()]) !== before;
  }

  /** The list changed: read only the volumes it did not hold, drop the ones gone. */
  private async addMissing(entry: Entry, poolUuid: string, rows: VolListRow[]): Promise<void> {
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

  /** A background read of this pool's volumes is in flight. */
  isReading(poolUuid: string): boolean {
    return this.entries.get(poolUuid)?.reading === true;
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
      reading: false,
    };
    await this.reread(entry, poolUuid, rows);
    this.entries.set(poolUuid, entry);
    return [...entry.volumes.values()];
  }

  private startBig(poolUuid: string, rows: VolListRow[]): Volume[] {
    const entry: Entry = {
      volumes: new Map(rows.map((r) => [r.path, pendingVolume(r)])),
      signature: signatureOf(rows),
      watchedUntil: Date.now() + WATCH_MS,
      fullRefreshAt: 0,
      reading: false,
    };
    this.entries.set(poolUuid, entry);
    this.readInBackground(entry, poolUuid, rows, true);
    return [...entry.volumes.values()];
  }

  /**
   * Reads a big pool's volumes off the poll's path: the poll (and every other pool's changes)
   * never waits for 10,000 vol-dumpxml. `progressive`: the first read, whose batches replace
   * pending rows as they land, with a notice at most every PROGRESS_NOTICE_MS; a periodic
   * re-read swaps the whole list at the end and tells only if something changed.
   */
  private readInBackground(
    entry: Entry,
    poolUuid: string,
    rows: VolListRow[],
    progressive: boolean,
  ): void {
    entry.reading = true;
    const started = Date.now();
    const before = progressive ? '' : JSON.stringify([...entry.volumes.values()]);
    let noticeAt = Date.now();
    const onBatch = (volumes: Volume[]) => {
      for (const v of volumes) if (entry.volumes.has(v.path)) entry.volumes.set(v.path, v);
      if (Date.now() - noticeAt < PROGRESS_NOTICE_MS) return;
      noticeAt = Date.now();
      this.options.onChanged(poolUuid);
    };
    readVolumes(this.virsh, poolUuid, rows, progressive ? { onBatch } : {})
      .then((volumes) => {
        entry.volumes = new Map(volumes.map((v) => [v.path, v]));
        entry.signature = signatureOf(rows);
        if (progressive || JSON.stringify(volumes) !== before) this.options.onChanged(poolUuid);
      })
      .catch((error: Error) => this.options.onError(poolUuid, error))
      .finally(() => {
        entry.reading = false;
        entry.fullRefreshAt =
          Date.now() + Math.max(MIN_FULL_REFRESH_MS, 10 * (Date.now() - started));
      });
  }

  private async reread(entry: Entry, poolUuid: string, rows: VolListRow[]): Promise<void> {
    const started = Date.now();
    const volumes = await readVolumes(this.virsh, poolUuid, rows);
    entry.volumes = new Map(volumes.map((v) => [v.path, v]));
    entry.signature = signatureOf(rows);
    entry.fullRefreshAt = Date.now() + Math.max(MIN_FULL_REFRESH_MS, 10 * (Date.now() - started));
  }
}
