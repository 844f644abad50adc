import type { Volume, VolumeFacts, VolumeUser } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import { listDomainDisks } from '../libvirt/domains.js';
import type { PoolSnapshot } from '../libvirt/pools.js';
import type { VirshClient } from '../libvirt/virsh-client.js';
import { readVolumes } from '../libvirt/volumes.js';
import { UsedByReader, type PooledVolume } from './used-by.js';
import type { VolumeCache } from './volume-cache.js';

/**
 * The inventory's used-by: overlays from every running pool's volumes (any pool of the host
 * may hold an overlay of this volume), domains from their XML, both over the inventory's
 * read-only connection. Kept beside HostInventory so the poll stays as it is.
 */
export class HostUsedBy {
  private readonly reader: UsedByReader;

  constructor(
    private readonly inventory: { virsh: VirshClient; logger: Logger; pollIntervalMs: number },
    private readonly cache: VolumeCache,
    /** The pools of the last poll. */
    private readonly pools: () => PoolSnapshot[],
    /** A poll that starts now (a pool created a moment ago is seen). */
    private readonly freshPoll: () => Promise<void>,
  ) {
    this.reader = new UsedByReader({
      volumes: (fresh) => this.allVolumes(fresh),
      domains: () => listDomainDisks(inventory.virsh),
      logger: inventory.logger,
      // Domains have no storage events to watch: re-read them at most once per poll period.
      maxAgeMs: inventory.pollIntervalMs,
    });
  }

  /** Volumes of one pool with their users (for lists and detail). */
  async decorate<T extends VolumeFacts>(pool: string, volumes: T[]): Promise<(T & Volume)[]> {
    const { usersOf, backingOf } = await this.reader.relations(false);
    return volumes.map((volume) => ({
      ...volume,
      usedBy: usersOf(pool, volume),
      backingVolume: backingOf(volume),
    }));
  }

  /** Users of one volume read fresh from the host: what the storage guard asks. */
  async usersOf(pool: string, volume: VolumeFacts): Promise<VolumeUser[]> {
    await this.freshPoll();
    return (await this.reader.lookup(true))(pool, volume);
  }

  private async allVolumes(fresh: boolean): Promise<PooledVolume[]> {
    const { virsh } = this.inventory;
    const running = this.pools().filter((s) => s.pool.state === 'running');
    const perPool = await Promise.all(
      running.map(async ({ pool, volumes: rows }) => {
        // usersOf polled just before: these rows are fresh.
        if (fresh) return pooled(pool.name, await readVolumes(virsh, pool.uuid, rows ?? []));
        try {
          return pooled(pool.name, (await this.cache.read(pool.uuid, rows)) ?? []);
        } catch (error) {
          // One pool that cannot be read must not fail every other pool's list.
          const err = (error as Error).message;
          this.inventory.logger.warn({ err, pool: pool.name }, 'used-by: pool not read');
          return [];
        }
      }),
    );
    return perPool.flat();
  }
}

const pooled = (pool: string, volumes: VolumeFacts[]): PooledVolume[] =>
  volumes.map((volume) => ({ pool, volume }));
