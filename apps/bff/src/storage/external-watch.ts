import type { Job, Pool } from '@poolwatch/shared';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { JobEngine } from '../jobs/job-engine.js';
import { JobCancelledError, JobInterruptedError, type JobContext } from '../jobs/job-spec.js';
import type { HostScriptProcess } from '../libvirt/host-shell.js';
import { ScanParser, type ScanSample } from '../libvirt/parsers/scan.parser.js';
import type { Logger } from '../logger.js';
import { observe, type KnownVolume, type Observation } from './external-jobs.js';
import type { StorageService } from './storage-service.js';

/** A scan record must be seen in this many samples in a row (≈1 s apart) to become a job. */
const SEEN_TO_START = 2;
/** How often the pool target list given to the scan is compared with the inventory. */
const ROOTS_CHECK_MS = 5_000;

interface Tracked {
  job: Job;
  latest: Observation;
  at: number;
  ctx: JobContext | null;
  end: ((outcome: 'ended' | Error) => void) | null;
}

interface HostWatch {
  scan: HostScriptProcess | null;
  roots: string[];
  seen: Map<string, number>;
  tracked: Map<string, Tracked>;
  timer: NodeJS.Timeout | null;
  busy: boolean;
}

/**
 * Sees byte-moving storage work started outside Poolwatch (a terminal's virsh,
 * virt-manager): one long-lived scan (host-scripts/scan.sh) per connected host; each piece
 * of work the scan shows that no Poolwatch job claims becomes an `origin: 'external'` job
 * in the engine (no slot, no locks), fed with the scan's figures until the work is gone.
 */
export class ExternalWatch {
  private readonly hosts = new Map<string, HostWatch>();
  private stopped = false;

  constructor(
    private readonly engine: JobEngine,
    private readonly storage: StorageService,
    private readonly inventory: InventoryService,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.inventory.onEachConnect((hostId) => void this.watch(hostId));
  }

  stop(): void {
    this.stopped = true;
    for (const watch of this.hosts.values()) {
      if (watch.timer) clearInterval(watch.timer);
      watch.scan?.close(2000);
    }
  }

  private async watch(hostId: string): Promise<void> {
    let watch = this.hosts.get(hostId);
    if (!watch) {
      watch = {
        scan: null,
        roots: [],
        seen: new Map(),
        tracked: new Map(),
        timer: null,
        busy: false,
      };
      this.hosts.set(hostId, watch);
      const w = watch;
      w.timer = setInterval(() => void this.checkRoots(hostId, w), ROOTS_CHECK_MS);
      w.timer.unref();
    }
    await this.checkRoots(hostId, watch);
  }

  /** Starts the scan, or restarts it when the pools' target paths changed. */
  private async checkRoots(hostId: string, watch: HostWatch): Promise<void> {
    if (this.stopped || this.inventory.host(hostId).view.state !== 'connected') return;
    let roots: string[];
    try {
      roots = await this.poolRoots(hostId);
    } catch (error) {
      this.logger.debug({ hostId, err: error }, 'external watch: no pool list');
      return;
    }
    if (watch.scan && roots.join('\0') === watch.roots.join('\0')) return;
    watch.scan?.close(2000);
    watch.roots = roots;
    if (roots.length === 0) {
      watch.scan = null;
      return;
    }
    const parser = new ScanParser();
    const scan = this.storage.host(hostId).shell.start('scan', '', [...roots, ''], (line) => {
      let event;
      try {
        event = parser.push(line);
      } catch (error) {
        this.logger.error({ hostId, err: error }, 'external watch: bad scan line');
        return;
      }
      if (event?.type === 'sample') void this.onSample(hostId, watch, event.sample);
      else if (event?.type === 'unreadable') {
        this.logger.warn({ hostId, reason: event.reason }, 'external jobs cannot be seen');
      } else if (event?.type === 'kill-refused') {
        this.logger.warn({ hostId, ...event }, 'external job: cancel refused by the scan');
      }
    });
    watch.scan = scan;
    void scan.exited.then((exit) => {
      if (watch.scan !== scan) return; // replaced on purpose
      watch.scan = null;
      this.logger.info({ hostId, code: exit.code }, 'external watch: scan ended');
      // The link dropped: what the host does now is unseen, so those jobs stop here.
      for (const [key, t] of watch.tracked) {
        watch.tracked.delete(key);
        t.end?.(new JobInterruptedError('the scan of the host ended (link dropped?)'));
      }
    });
  }

  private async poolRoots(hostId: string): Promise<string[]> {
    const pools = await this.inventory.host(hostId).listPools();
    return pools
      .filter((p) => p.state === 'running' && p.targetPath !== null && p.targetPath.startsWith('/'))
      .map((p) => p.targetPath!)
      .sort();
  }

  /** Volume facts by path, from the inventory (only asked while something is seen). */
  private async lookup(
    hostId: string,
    all: readonly Pool[],
  ): Promise<(path: string) => KnownVolume | null> {
    const inventory = this.inventory.host(hostId);
    const pools = all.filter((p) => p.state === 'running' && p.targetPath);
    const byPath = new Map<string, KnownVolume>();
    for (const pool of pools) {
      const volumes = await inventory.listVolumes(pool.name).catch(() => []);
      for (const v of volumes) {
        byPath.set(v.path, {
          pool: pool.name,
          name: v.name,
          path: v.path,
          capacity: v.capacity,
          allocation: v.allocation,
        });
      }
    }
    return (path) => {
      const known = byPath.get(path);
      if (known) return known;
      // A clone target libvirt is still writing may not be listed yet: its pool and name.
      const pool = pools.find((p) => path.startsWith(`${p.targetPath!.replace(/\/$/, '')}/`));
      if (!pool) return null;
      return {
        pool: pool.name,
        name: path.slice(path.lastIndexOf('/') + 1),
        path,
        capacity: null,
        allocation: null,
      };
    };
  }

  /**
   * Paths of Poolwatch's own active jobs on this host (source and target, named as dir/fs/
   * netfs pools name them: `<pool target>/<volume>`): their work is not external.
   */
  private claimed(hostId: string, pools: readonly Pool[]): Set<string> {
    const targetOf = new Map(pools.map((p) => [p.name, p.targetPath?.replace(/\/$/, '')]));
    const paths = new Set<string>();
    for (const job of this.engine.activeJobs(hostId)) {
      if (job.origin === 'external') continue;
      const { pool, volume, targetPool, targetVolume } = job.target;
      const pairs = [
        [pool, volume],
        [targetPool ?? pool, targetVolume],
      ] as const;
      for (const [p, v] of pairs) {
        const dir = targetOf.get(p);
        if (v !== null && dir) paths.add(`${dir}/${v}`);
      }
    }
    return paths;
  }

  private async onSample(hostId: string, watch: HostWatch, sample: ScanSample): Promise<void> {
    if (watch.busy || this.stopped) return; // a slow inventory: skip a sample, never queue
    watch.busy = true;
    try {
      let observations: Observation[] = [];
      if (sample.children.length > 0 || sample.fds.length > 0) {
        const pools = await this.inventory.host(hostId).listPools();
        const lookup = await this.lookup(hostId, pools);
        observations = observe(sample, lookup, this.claimed(hostId, pools));
      }
      this.apply(hostId, watch, observations, sample.at);
    } catch (error) {
      this.logger.warn({ hostId, err: error }, 'external watch: sample not mapped');
    } finally {
      watch.busy = false;
    }
  }

  private apply(hostId: string, watch: HostWatch, observations: Observation[], at: number): void {
    const now = new Map(observations.map((o) => [o.key, o]));
    for (const [key, t] of watch.tracked) {
      const o = now.get(key);
      if (o) {
        t.latest = o;
        t.at = at;
        t.ctx?.report(o.processed, at);
      } else {
        watch.tracked.delete(key);
        t.end?.('ended');
      }
    }
    const seen = new Map<string, number>();
    for (const o of observations) {
      if (watch.tracked.has(o.key)) continue;
      const count = (watch.seen.get(o.key) ?? 0) + 1;
      if (count < SEEN_TO_START) seen.set(o.key, count);
      else this.track(hostId, watch, o, at);
    }
    watch.seen = seen;
  }

  private track(hostId: string, watch: HostWatch, o: Observation, at: number): void {
    const tracked: Tracked = { job: null as unknown as Job, latest: o, at, ctx: null, end: null };
    watch.tracked.set(o.key, tracked);
    tracked.job = this.engine.submit({
      hostId,
      origin: 'external',
      kind: o.kind,
      target: o.target,
      params: o.params,
      movesBytes: false,
      cancellable: o.cancel !== null,
      cancelNote: o.cancelNote,
      locks: [],
      source: o.source,
      run: (ctx) =>
        new Promise<'ended'>((resolve, reject) => {
          tracked.ctx = ctx;
          ctx.measure(tracked.latest.source, tracked.latest.total);
          ctx.report(tracked.latest.processed, tracked.at);
          const onAbort = () => {
            const c = tracked.latest.cancel;
            if (c) watch.scan?.send(`K ${c.pid} ${c.start} ${c.argvHex}`);
          };
          ctx.signal.addEventListener('abort', onAbort, { once: true });
          tracked.end = (outcome) => {
            ctx.signal.removeEventListener('abort', onAbort);
            if (outcome instanceof Error) reject(outcome);
            else if (ctx.signal.aborted) reject(new JobCancelledError());
            else resolve(outcome);
          };
          // Gone before the engine started it.
          if (!watch.tracked.has(o.key)) tracked.end('ended');
        }),
    });
    this.logger.info(
      { hostId, jobId: tracked.job.id, kind: o.kind, paths: o.paths },
      'external job seen',
    );
  }
}
