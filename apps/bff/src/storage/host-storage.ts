import type { PoolDetail, VolumeDetail } from '@poolwatch/shared';
import { ConflictError, InsufficientSpaceError } from '../errors.js';
import type { HostConnection } from '../inventory/inventory-service.js';
import type { JobContext } from '../jobs/job-spec.js';
import type { Logger } from '../logger.js';
import { HostAgent } from '../libvirt/host-agent.js';
import { HostShell } from '../libvirt/host-shell.js';
import { parseXml } from '../libvirt/parsers/xml.js';
import type { VirshArgs } from '../libvirt/virsh-command.js';
import { VirshProcess, type VirshProcessOptions } from '../libvirt/virsh-process.js';
import { withXmlFile } from '../libvirt/xml-file.js';
import { parseHostCaps, type HostCaps } from './host-caps.js';
import type { HostFacts } from './planners/plan.js';
import { poolVerb } from '../libvirt/storage-verbs.js';

/** Pool types whose volumes are plain files Poolwatch's own movers can write. */
const FILE_POOL_TYPES = new Set(['dir', 'fs', 'netfs']);
/** Caps older than this are refreshed in the background (still answered meanwhile). */
const CAPS_FRESH_MS = 60_000;

/**
 * Everything a storage job needs of one host, through the libvirt adapter: the shared
 * virsh sessions for short calls, one-shot virsh processes for long calls and streams,
 * host scripts over SSH for movers and probes, and fresh lookups of pools and volumes.
 */
export class HostStorage {
  readonly shell: HostShell;
  /** The host agent that runs byte movers detached (survives this BFF and its link). */
  readonly agent: HostAgent;
  /** An upload/download with no byte moving for this long fails (POOLWATCH_STREAM_IDLE_MS). */
  streamIdleMs = 60_000;
  private capsCache: { caps: HostCaps; at: number } | null = null;
  private capsFetch: Promise<HostCaps> | null = null;

  constructor(
    readonly connection: HostConnection,
    readonly dataDir: string,
    readonly logger: Logger,
  ) {
    this.shell = new HostShell(connection.host.uri, connection.env, logger);
    this.agent = new HostAgent(this.shell, logger.child({ module: 'host-agent' }));
  }

  get hostId(): string {
    return this.connection.host.id;
  }

  /**
   * What the SSH user may do. Asked when the host connects (warmUp) and then served from
   * memory: a figure older than a minute is still answered (the user and the daemon rarely
   * change while connected; a daemon restart reconnects, which asks again) while a fresh
   * one is fetched beside it, so no job request waits for an SSH handshake of its own.
   */
  async caps(): Promise<HostCaps> {
    const cached = this.capsCache;
    if (cached === null) return this.fetchCaps();
    if (Date.now() - cached.at >= CAPS_FRESH_MS) this.refreshCaps();
    return cached.caps;
  }

  /**
   * On every connect of the host: opens the jobs' read-write virsh session, starts the host
   * agent's channel and asks the caps, so the first job after a connect pays no SSH
   * handshake (three of them, each seconds on a loaded machine) and starts as fast as any.
   */
  warmUp(): void {
    this.connection.writer.ensureConnected().catch((error: Error) => {
      // The first job opens it again (and reports the error) if this attempt failed.
      this.logger.warn({ err: error.message }, 'could not open the read-write session');
    });
    this.agent.connect();
    this.refreshCaps();
  }

  private refreshCaps(): void {
    this.fetchCaps().catch((error: Error) =>
      this.logger.warn({ err: error.message }, 'could not read the host caps'),
    );
  }

  private fetchCaps(): Promise<HostCaps> {
    this.capsFetch ??= this.shell
      .collect('caps')
      .then((lines) => {
        const caps = parseHostCaps(lines);
        this.capsCache = { caps, at: Date.now() };
        return caps;
      })
      .finally(() => (this.capsFetch = null));
    return this.capsFetch;
  }

  /** Can Poolwatch move this pool's bytes itself (killable, measured)? */
  async ownsBytes(pool: PoolDetail): Promise<boolean> {
    return FILE_POOL_TYPES.has(pool.type) && (await this.caps()).uid === 0;
  }

  /** What a planner needs to know of this host and pool (planners/plan.ts). */
  async hostFacts(pool: PoolDetail): Promise<HostFacts> {
    const caps = await this.caps();
    const ownsBytes = await this.ownsBytes(pool);
    return { root: caps.uid === 0, user: caps.user, ownsBytes, poolType: pool.type };
  }

  pool(name: string): Promise<PoolDetail> {
    return this.connection.inventory.getPool(name);
  }

  async runningPool(name: string): Promise<PoolDetail> {
    const pool = await this.pool(name);
    if (pool.state !== 'running') {
      throw new ConflictError(
        'pool_inactive',
        `storage pool ${JSON.stringify(name)} is not running`,
      );
    }
    return pool;
  }

  /**
   * Refuses (409 insufficient_space) an operation that would write `needed` bytes into a
   * pool with less available. The figure is fresh: libvirt re-reads the file system
   * (pool-refresh), then the pool is read again. libvirt refuses a refresh while it builds
   * a volume in that pool; its last figure (which it keeps up to date as it creates and
   * deletes volumes) is used then.
   */
  async requireSpace(pool: PoolDetail, needed: number, what: string): Promise<void> {
    if (needed <= 0) return;
    try {
      await this.virsh(poolVerb('pool-refresh', pool.uuid));
    } catch (error) {
      this.logger.info({ pool: pool.name, err: (error as Error).message }, 'pool-refresh refused');
    }
    const { available, error } = await this.pool(pool.name);
    if (available === null) {
      // A figure libvirt cannot mean (wrap-around): refuse rather than guess the free space.
      throw new ConflictError(
        'conflict',
        `the free space of pool ${JSON.stringify(pool.name)} is unknown: ${error ?? 'no figure'}`,
      );
    }
    if (needed > available) throw new InsufficientSpaceError(what, pool.name, needed, available);
  }

  volume(pool: string, name: string): Promise<VolumeDetail> {
    return this.connection.inventory.getVolume(pool, name);
  }

  /**
   * A volume whose sizes are known: a job that sizes its work by them (clone, wipe, resize,
   * upload, download) is refused with a 409 when libvirt reported a figure that cannot be
   * a real size (the volume's `error` says which), rather than acting on a guess.
   */
  async measuredVolume(pool: string, name: string): Promise<MeasuredVolume> {
    const volume = await this.volume(pool, name);
    const { capacity, allocation } = volume;
    if (capacity === null || allocation === null) {
      throw new ConflictError(
        'conflict',
        `the size of volume ${JSON.stringify(name)} is unknown: ${volume.error ?? 'no figure'}`,
      );
    }
    return { ...volume, capacity, allocation };
  }

  /** A volume if it exists, else null (a name that is free). */
  async volumeOrNull(pool: string, name: string): Promise<VolumeDetail | null> {
    try {
      return await this.volume(pool, name);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }

  /**
   * A short libvirt call on the host's read-write session (throws classified AppErrors).
   * The inventory's sessions are read-only; only jobs come here.
   */
  async virsh(args: VirshArgs): Promise<string> {
    await this.connection.writer.ensureConnected();
    return this.connection.writer.run(args);
  }

  /** Runs `virsh <command> [--options] <xml file>` with a private file holding the XML. */
  virshWithXml(xml: string, args: (file: string) => VirshArgs): Promise<string> {
    return withXmlFile(this.dataDir, xml, (file) => this.virsh(args(file)));
  }

  /** A long call or a stream on its own process (no timeout; see VirshProcess). */
  process(args: VirshArgs, options: Omit<VirshProcessOptions, 'uri' | 'env' | 'args'> = {}) {
    const { uri } = this.connection.host;
    return new VirshProcess({ uri, env: this.connection.env, args, ...options });
  }

  /**
   * The same, recorded in the job store first (pid + exact argv) so that a BFF that stops
   * before the process ends still finds it (storage/job-reconciler.ts).
   */
  recordedProcess(
    ctx: JobContext,
    what: string,
    args: VirshArgs,
    options: Omit<VirshProcessOptions, 'uri' | 'env' | 'args'> = {},
  ): VirshProcess {
    const process = this.process(args, options);
    if (process.pid !== null) {
      ctx.record({ kind: 'local-process', pid: process.pid, argv: [...process.argv], what });
    }
    return process;
  }

  /**
   * Stops the host processes an interrupted job recorded (exact comm + argv entry, never a
   * pattern; host-scripts/reap.sh). Returns what it stopped, e.g. `dd (pid 123)`.
   */
  async reap(targets: readonly { comm: string; argvEntry: string }[]): Promise<string[]> {
    if (targets.length === 0) return [];
    const data = targets.flatMap((t) => [t.comm, t.argvEntry]);
    const lines = await this.shell.collect('reap', '', data);
    return lines
      .filter((line) => line.startsWith('K '))
      .map((line) => {
        const [, pid, comm] = line.split(' ');
        return `${comm} (pid ${pid})`;
      });
  }

  /** Is the host answering right now? (A job that failed may have lost its link.) */
  async reachable(timeoutMs = 5000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ask = this.virsh(['uri']).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([ask, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Re-read the inventory now, so every browser sees what a job changed. */
  refreshInventory(): Promise<void> {
    return this.connection.inventory.refreshSoon();
  }
}

export type MeasuredVolume = VolumeDetail & { capacity: number; allocation: number };

/** `<physical>`: the file's own size, which is what vol-download streams. */
export function physicalBytes(volume: MeasuredVolume): number {
  const doc = parseXml(volume.xml);
  const text = doc.text('volume/physical');
  return text === undefined ? volume.capacity : Number(text);
}
