import { posix } from 'node:path';
import type { VolumeFacts, VolumeRef, VolumeUser } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import type { DomainDiskUse } from '../libvirt/domains.js';

/** One volume of the host with the pool it is in (overlays may sit in any pool). */
export interface PooledVolume {
  pool: string;
  volume: VolumeFacts;
}

/** Who uses a volume, looked up by the volume's pool and facts. */
export type UsedByLookup = (pool: string, volume: VolumeFacts) => VolumeUser[];

/**
 * Builds the host-wide "who uses what" index: every overlay by the path of its backing
 * store, every domain disk by its path or by (pool, volume) for `type='volume'` disks.
 * Pure: the inventory feeds it what it read (volume XML, domain XML).
 */
export function usedByIndex(volumes: PooledVolume[], domains: DomainDiskUse[]): UsedByLookup {
  const byBacking = new Map<string, VolumeUser[]>();
  for (const { pool, volume } of volumes) {
    if (volume.backingStore === null) continue;
    // qemu resolves a relative backing file name against the overlay's directory.
    const backing = posix.resolve(posix.dirname(volume.path), volume.backingStore);
    const users = byBacking.get(backing) ?? [];
    users.push({ kind: 'volume', pool, name: volume.name });
    byBacking.set(backing, users);
  }
  const byPath = new Map<string, Set<DomainDiskUse>>();
  const byPoolVolume = new Map<string, Set<DomainDiskUse>>();
  const add = (map: Map<string, Set<DomainDiskUse>>, key: string, domain: DomainDiskUse) =>
    map.set(key, (map.get(key) ?? new Set()).add(domain));
  for (const domain of domains) {
    for (const source of domain.sources) {
      if (source.kind === 'path') add(byPath, posix.normalize(source.path), domain);
      else add(byPoolVolume, poolVolumeKey(source.pool, source.volume), domain);
    }
  }
  return (pool, volume) => {
    const path = posix.normalize(volume.path);
    const overlays = (byBacking.get(path) ?? []).filter(
      (u) => !(u.kind === 'volume' && u.pool === pool && u.name === volume.name),
    );
    const users = new Set([
      ...(byPath.get(path) ?? []),
      ...(byPoolVolume.get(poolVolumeKey(pool, volume.name)) ?? []),
    ]);
    const domainUsers: VolumeUser[] = [...users].map((d) => ({
      kind: 'domain',
      name: d.name,
      state: d.state,
    }));
    return [...overlays, ...domainUsers];
  };
}

/** Where a volume's backing store lives, looked up by the volume's facts. */
export type BackingLookup = (volume: VolumeFacts) => VolumeRef | null;

/** The host's volumes by path, so a backing store can become a link to its volume. */
export function backingIndex(volumes: PooledVolume[]): BackingLookup {
  const byPath = new Map<string, VolumeRef>();
  for (const { pool, volume } of volumes) {
    byPath.set(posix.normalize(volume.path), { pool, name: volume.name });
  }
  return (volume) => {
    if (volume.backingStore === null) return null;
    const backing = posix.resolve(posix.dirname(volume.path), volume.backingStore);
    return byPath.get(backing) ?? null;
  };
}

const poolVolumeKey = (pool: string, volume: string) => JSON.stringify([pool, volume]);

/** A human sentence naming the users, for the 409 message. */
export function describeUsers(users: VolumeUser[]): string {
  return users
    .map((u) =>
      u.kind === 'volume'
        ? `volume ${JSON.stringify(u.name)} in pool ${JSON.stringify(u.pool)} (its backing store)`
        : `domain ${JSON.stringify(u.name)} (${u.state})`,
    )
    .join(', ');
}

export interface UsedBySources {
  /** Every running pool's volumes (from the volume cache, or read fresh). */
  volumes(fresh: boolean): Promise<PooledVolume[]>;
  domains(): Promise<DomainDiskUse[]>;
  logger: Logger;
  /** Domain lists older than this are re-read for display (the guard always re-reads). */
  maxAgeMs: number;
}

/**
 * Used-by for one host. Display reads (volume lists, volume detail) use domains read at
 * most `maxAgeMs` ago and the volumes the inventory already holds; a domain list that
 * cannot be read leaves only the overlays (and a warning in the log). The guard
 * (`fresh: true`) re-reads everything and lets a failure surface: refusing is safer than
 * deleting a disk a domain might use.
 */
export class UsedByReader {
  private domainsCache: { at: number; read: Promise<DomainDiskUse[]> } | null = null;

  constructor(private readonly sources: UsedBySources) {}

  async lookup(fresh = false): Promise<UsedByLookup> {
    return (await this.relations(fresh)).usersOf;
  }

  /** Users and backing volumes from one read of the host's volumes. */
  async relations(fresh = false): Promise<{ usersOf: UsedByLookup; backingOf: BackingLookup }> {
    const [volumes, domains] = await Promise.all([
      this.sources.volumes(fresh),
      fresh ? this.freshDomains() : this.cachedDomains(),
    ]);
    return { usersOf: usedByIndex(volumes, domains), backingOf: backingIndex(volumes) };
  }

  private freshDomains(): Promise<DomainDiskUse[]> {
    const read = this.sources.domains();
    this.domainsCache = { at: Date.now(), read };
    read.catch(() => {
      if (this.domainsCache?.read === read) this.domainsCache = null;
    });
    return read;
  }

  private async cachedDomains(): Promise<DomainDiskUse[]> {
    const cached = this.domainsCache;
    const read =
      cached && Date.now() - cached.at < this.sources.maxAgeMs ? cached.read : this.freshDomains();
    try {
      return await read;
    } catch (error) {
      this.sources.logger.warn(
        { err: (error as Error).message },
        'could not read domains: used-by shows overlays only',
      );
      return [];
    }
  }
}
