import { EventEmitter } from 'node:events';
import type { Host, InventoryChanged, SearchAnswer } from '@poolwatch/shared';
import type { Config, HostConfig } from '../config.js';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import { PoolEventWatcher } from '../libvirt/pool-events.js';
import { virshEnvFor } from '../libvirt/ssh-setup.js';
import { VirshClient } from '../libvirt/virsh-client.js';
import { HostInventory } from './host-inventory.js';
import { ReachabilityWatch } from './reachability-watch.js';
import { search } from './search-index.js';

export interface InventoryEvents {
  'inventory:changed': [InventoryChanged];
  'host:state': [Host];
}

/** What other rooms (storage jobs) need to reach one host the same way inventory does. */
export interface HostConnection {
  host: HostConfig;
  env: NodeJS.ProcessEnv;
  /** Read-only (`virsh -r`): everything the inventory reads, for every role. */
  virsh: VirshClient;
  /** Read-write, opened on first use: only storage jobs (admin-submitted) write. */
  writer: VirshClient;
  inventory: HostInventory;
}

/**
 * All configured hosts. Knows nothing of HTTP or socket.io: it emits domain events that
 * the realtime module fans out.
 */
export class InventoryService extends EventEmitter<InventoryEvents> {
  private readonly hosts = new Map<string, HostInventory>();
  private readonly connections = new Map<string, HostConnection>();

  constructor(config: Config, logger: Logger) {
    super();
    for (const host of config.hosts) {
      const log = logger.child({ module: 'inventory', host: host.id });
      const env = virshEnvFor(host, config.dataDir);
      const virsh = new VirshClient({
        hostId: host.id,
        uri: host.uri,
        env,
        logger: log,
        commandTimeoutMs: config.commandTimeoutMs,
        sessions: 2,
        readOnly: true,
      });
      const writer = new VirshClient({
        hostId: host.id,
        uri: host.uri,
        env,
        logger: log.child({ virsh: 'rw' }),
        commandTimeoutMs: config.commandTimeoutMs,
        sessions: 1,
        readOnly: false,
      });
      const inventory = new HostInventory({
        host,
        virsh,
        logger: log,
        pollIntervalMs: config.pollIntervalMs,
        reachability: new ReachabilityWatch({
          uri: host.uri,
          env,
          logger: log,
          intervalMs: config.reachabilityMs,
        }),
        events: (onEvent) => new PoolEventWatcher(host.uri, env, log, onEvent),
      });
      inventory.on('changed', (event) => this.emit('inventory:changed', event));
      inventory.on('state', (view) => this.emit('host:state', view));
      this.hosts.set(host.id, inventory);
      this.connections.set(host.id, { host, env, virsh, writer, inventory });
    }
  }

  start(): void {
    for (const host of this.hosts.values()) host.start();
  }

  stop(): void {
    for (const host of this.hosts.values()) host.stop();
    for (const c of this.connections.values()) c.writer.disconnect();
  }

  list(): Host[] {
    return [...this.hosts.values()].map((h) => h.view);
  }

  /**
   * Calls `onConnected` for every host connected now and again each time one (re)connects:
   * the moment to (re)attach to work on that host.
   */
  onEachConnect(onConnected: (hostId: string) => void): void {
    this.on('host:state', (host) => {
      if (host.state === 'connected') onConnected(host.id);
    });
    for (const host of this.list()) if (host.state === 'connected') onConnected(host.id);
  }

  /** Fleet search over every host's last poll (see search-index.ts). */
  search(query: string, limit: number): SearchAnswer {
    return search(
      [...this.hosts.values()].flatMap((h) => h.search.segments()),
      query,
      limit,
    );
  }

  connection(id: string): HostConnection {
    const connection = this.connections.get(id);
    if (!connection) throw new NotFoundError(`no host with id ${JSON.stringify(id)}`);
    return connection;
  }

  host(id: string): HostInventory {
    const host = this.hosts.get(id);
    if (!host) throw new NotFoundError(`no host with id ${JSON.stringify(id)}`);
    return host;
  }
}
