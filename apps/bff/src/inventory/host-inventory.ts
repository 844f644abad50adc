import { EventEmitter } from 'node:events';
import type {
  Host,
  HostState,
  InventoryChanged,
  Pool,
  PoolDetail,
  Volume,
  VolumeDetail,
} from '@poolwatch/shared';
import type { HostConfig } from '../config.js';
import { HostUnreachableError, NotFoundError } from '../errors.js';
import { hostNotConnected, poolNotRunning } from './inventory-errors.js';
import type { Logger } from '../logger.js';
import { parseDaemonVersion } from '../libvirt/parsers/version.parser.js';
import type { PoolEventWatcher } from '../libvirt/pool-events.js';
import type { PoolEvent } from '../libvirt/parsers/pool-event.parser.js';
import {
  poolNotFound,
  readAllPools,
  readPool,
  toPoolDetail,
  type PoolSnapshot,
} from '../libvirt/pools.js';
import type { VirshClient } from '../libvirt/virsh-client.js';
import { readVolumeByName } from '../libvirt/volumes.js';
import { VolumeCache } from './volume-cache.js';
import { BIG_POOL_VOLUMES, VolumeLists } from './volume-lists.js';
import { PollLoop } from './poll-loop.js';
import type { PoolDirSource } from '../libvirt/agent-pool-dirs.js';
import { Backoff } from './backoff.js';
import { HostUsedBy } from './host-used-by.js';
import { HostSearch } from './host-search.js';
import { hostUp, inventoryChanges, pollSeconds } from '../metrics.js';
import type { ReachabilityWatch } from './reachability-watch.js';

const SANDBOX_HINT = ' (start the sandbox: bash scripts/services.sh)';

export interface HostInventoryEvents {
  changed: [InventoryChanged];
  state: [Host];
}

export interface HostInventoryOptions {
  host: HostConfig;
  virsh: VirshClient;
  events: (onEvent: (event: PoolEvent) => void) => PoolEventWatcher;
  logger: Logger;
  pollIntervalMs: number;
  /** Notices sshd gone while the sessions still answer (see reachability-watch.ts). */
  reachability?: ReachabilityWatch;
}

/**
 * What Poolwatch knows about one host's storage, kept current. libvirt signals pool events
 * but none for volumes, so a poll re-reads the pools every pollIntervalMs (2 s: changes by
 * plain virsh or virt-manager show within 5 s; a dir pool's vol-list only when the host agent
 * saw its directory change, volume-lists.ts) and emits `changed` only on a real change. The
 * poll backs off on big hosts: it never takes more than a third of the time.
 */
export class HostInventory extends EventEmitter<HostInventoryEvents> {
  private state: HostState = 'connecting';
  private error: string | null = null;
  private libvirtVersion: string | null = null;
  private pools = new Map<string, PoolSnapshot>(); // by name
  private poolsReadAt = 0;
  private readonly volumes: VolumeCache;
  private readonly lists: VolumeLists;
  /** Who uses which volume (overlays, domains); the storage guard asks it too. */
  readonly usedBy: HostUsedBy;
  readonly search: HostSearch;
  private readonly loop: PollLoop;
  private watcher: PoolEventWatcher | null = null;
  private readonly backoff = new Backoff(1000, 30000);
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: HostInventoryOptions) {
    super();
    const { virsh, logger, pollIntervalMs } = options;
    this.loop = new PollLoop({
      poll: () => this.poll(),
      intervalMs: pollIntervalMs,
      live: () => !this.stopped && virsh.connected,
      onError: (error) => {
        logger.warn({ err: error.message }, 'poll failed');
        // libvirtd gone under a live session: virsh answers, but only with this error.
        if (error instanceof HostUnreachableError) this.lost(error.message);
      },
    });
    this.volumes = new VolumeCache(virsh, {
      onChanged: (uuid) => this.volumesChanged(uuid),
      onError: (pool, error) => logger.warn({ pool, err: error.message }, 'volumes not read'),
    });
    this.lists = new VolumeLists(
      virsh,
      pollIntervalMs,
      logger,
      () => void this.loop.now(),
      (uuid) => this.volumes.isReading(uuid),
    );
    const pools = () => [...this.pools.values()];
    this.usedBy = new HostUsedBy(options, this.volumes, pools, () => this.loop.fresh());
    this.search = new HostSearch(() => this.view, pools);
    options.virsh.onLost((error) => this.lost(error.message));
  }

  get id(): string {
    return this.options.host.id;
  }

  get view(): Host {
    const { id, uri, label } = this.options.host;
    const { state, error, libvirtVersion } = this;
    return { id, uri, label: label ?? id, state, error, libvirtVersion };
  }

  /** The host agent watches dir pools' directories (wired by the composition root). */
  readonly watchPoolDirs = (source: PoolDirSource) => this.lists.dirs.attach(source);

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.loop.stop();
    this.watcher?.stop();
    this.options.reachability?.stop();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.options.virsh.disconnect();
  }

  /** A job changed pools or volumes: re-read now, sizes included, so browsers see it at once. */
  refreshSoon(): Promise<void> {
    if (this.state !== 'connected') return Promise.resolve();
    this.volumes.expireAll();
    this.lists.dirs.expireAll(); // the agent may not have seen the directory change yet
    return this.loop.fresh();
  }

  /**
   * The last poll's pools. While the poll runs on schedule its answer is at most a poll old;
   * waiting here for the poll in flight made the list stall for seconds beside a big pool.
   * Only when no poll runs or is due (none ever ran) does this one wait for a fresh one.
   */
  async listPools(): Promise<Pool[]> {
    this.requireConnected();
    if (this.poolsReadAt === 0 || !this.loop.scheduled) await this.loop.now();
    return [...this.pools.values()].map((s) => s.pool);
  }

  /** The last poll's pools and when it read them, while connected: no virsh call. */
  lastPoll(): { pools: Pool[]; at: Date } | null {
    if (this.state !== 'connected' || this.poolsReadAt === 0) return null;
    return { pools: [...this.pools.values()].map((s) => s.pool), at: new Date(this.poolsReadAt) };
  }

  async getPool(name: string): Promise<PoolDetail> {
    const snapshot = await readPool(this.options.virsh, (await this.findPool(name)).pool.uuid);
    if (snapshot === null) throw poolNotFound(this.id, name);
    return toPoolDetail(snapshot);
  }

  async listVolumes(poolName: string): Promise<Volume[]> {
    const { pool, volumes: rows } = await this.findPool(poolName);
    if (pool.state !== 'running') throw poolNotRunning(pool);
    // A big pool's names come from the poll at once, however old (its sizes then fill in).
    const rowsAreFresh = Date.now() - this.poolsReadAt < this.options.pollIntervalMs;
    const big = rows !== null && rows.length >= BIG_POOL_VOLUMES;
    const volumes = await this.volumes.read(pool.uuid, rowsAreFresh || big ? rows : null);
    if (volumes === null) throw poolNotRunning(pool);
    return this.usedBy.decorate(pool.name, volumes);
  }

  async getVolume(poolName: string, volumeName: string): Promise<VolumeDetail> {
    const { pool } = await this.findPool(poolName);
    if (pool.state !== 'running') throw poolNotRunning(pool);
    const volume = await readVolumeByName(this.options.virsh, pool.uuid, volumeName);
    const what = `pool ${JSON.stringify(poolName)} has no volume named ${JSON.stringify(volumeName)}`;
    if (volume === null) throw new NotFoundError(what);
    return (await this.usedBy.decorate(pool.name, [volume]))[0]!;
  }

  /** A pool by name from the last poll; a miss re-reads once (it may be brand new). */
  private async findPool(name: string): Promise<PoolSnapshot> {
    this.requireConnected();
    let snapshot = this.pools.get(name);
    if (!snapshot) {
      await this.loop.fresh();
      snapshot = this.pools.get(name);
    }
    if (!snapshot) throw poolNotFound(this.id, name);
    return snapshot;
  }

  private requireConnected(): void {
    if (this.state !== 'connected') throw hostNotConnected(this.view);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setState('connecting', this.error);
    try {
      await this.options.virsh.connect();
      const version = await this.options.virsh.runRaw(['version', '--daemon']);
      this.libvirtVersion = parseDaemonVersion(version.stdout);
      this.backoff.reset();
      this.watcher = this.options.events((event) => {
        // A refresh re-reads files on the host: sizes may have changed, not just the list.
        if (event.kind === 'refresh') {
          this.volumes.expireAll();
          this.lists.expireAll();
        }
        void this.loop.now();
      });
      this.watcher.start();
      await this.loop.now();
      // The link may have died during that first poll (lost() said so): not connected.
      if (!this.options.virsh.connected) throw new Error(this.error ?? 'connection lost');
      this.setState('connected', null);
      this.options.reachability?.start((reason) => this.lost(reason));
      this.changed(null);
    } catch (error) {
      this.options.virsh.disconnect();
      this.watcher?.stop();
      this.options.reachability?.stop();
      const hint = this.options.host.sandbox ? SANDBOX_HINT : '';
      this.setState('unreachable', (error as Error).message + hint);
      this.scheduleReconnect();
    }
  }

  /**
   * The host cannot be reached any more: a session died, libvirt said the connection is
   * gone, or sshd stopped answering new connections. Whatever still looks alive is closed
   * (its data would pass for live), and reconnecting starts with backoff.
   */
  private lost(reason: string): void {
    if (this.stopped || this.state === 'unreachable') return;
    this.options.logger.warn({ reason }, 'lost connection to host');
    this.loop.stop();
    this.watcher?.stop();
    this.options.reachability?.stop();
    this.options.virsh.disconnect();
    this.setState('unreachable', reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.backoff.next());
    this.reconnectTimer.unref();
  }

  private setState(state: HostState, error: string | null): void {
    if (this.state === state && this.error === error) return;
    this.state = state;
    this.error = error;
    this.options.logger.info({ state, error }, 'host state');
    hostUp.set({ host: this.id }, state === 'connected' ? 1 : 0);
    this.emit('state', this.view);
  }

  private async poll(): Promise<void> {
    const stopTimer = pollSeconds.startTimer({ host: this.id });
    await this.pollOnce().finally(stopTimer);
  }

  private changed(pool: string | null): void {
    inventoryChanges.inc({ host: this.id, scope: pool === null ? 'pools' : 'volumes' });
    this.emit('changed', { hostId: this.id, pool });
  }

  /** A background read of a big pool's volumes landed: tell browsers by the pool's name. */
  private volumesChanged(uuid: string): void {
    const snapshot = [...this.pools.values()].find((s) => s.pool.uuid === uuid);
    if (snapshot) this.changed(snapshot.pool.name);
  }

  private async pollOnce(): Promise<void> {
    const last = new Map([...this.pools.values()].map((s) => [s.pool.uuid, s]));
    const snapshots = await readAllPools(this.options.virsh, last, this.lists.rows);
    this.lists.keepOnly(snapshots.map((s) => s.pool));
    const before = JSON.stringify([...this.pools.values()].map((s) => s.pool));
    this.pools = new Map(snapshots.map((s) => [s.pool.name, s]));
    this.poolsReadAt = Date.now();
    if (JSON.stringify(snapshots.map((s) => s.pool)) !== before) this.changed(null);
    const lists = snapshots.map((s) => ({ uuid: s.pool.uuid, rows: s.volumes }));
    const changed = await this.volumes.updateAll(lists, (uuid, error) =>
      this.options.logger.warn({ pool: uuid, err: error.message }, 'volumes not re-read'),
    );
    for (const { pool } of snapshots) if (changed.has(pool.uuid)) this.changed(pool.name);
  }
}
