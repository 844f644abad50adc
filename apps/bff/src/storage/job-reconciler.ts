import { isActiveJobState, type Job, type JobCleanup } from '@poolwatch/shared';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { JobHandle } from '../jobs/job-spec.js';
import type { PendingCleanup } from '../jobs/job-store.js';
import { stopLocalProcess } from '../libvirt/local-process.js';
import type { Logger } from '../logger.js';
import { reattachRun } from './detached-work.js';
import type { HostStorage } from './host-storage.js';
import type { StorageService } from './storage-service.js';
import { poolVerb, volDelete } from '../libvirt/storage-verbs.js';

/**
 * The one place that deals with jobs whose runner is gone (BFF crash, restart, SIGTERM,
 * dropped link). Runs at start and at every reconnect of a host, and before a graceful exit.
 *
 * - Jobs whose work runs detached under the host agent (byte movers) were kept active by
 *   the engine: they are re-attached (adopt + reattachRun), so the same job id follows the
 *   work to its real end; only work that is truly gone ends `interrupted`, cleaned.
 * - Other interrupted jobs (streams, libvirt calls the BFF was waiting on): from what each
 *   recorded when it started (JobHandle: exact argv, paths, the volume it created), the
 *   processes still running for it are stopped, here and on the host, and the partial
 *   target deleted; then the job says what was cleaned.
 */
export class JobReconciler {
  /** One reconciliation per host at a time; a reconnect during one queues another. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly engine: JobEngine,
    private readonly storage: StorageService,
    private readonly inventory: InventoryService,
    private readonly logger: Logger,
  ) {}

  /** Reconciles every host as soon as (and every time) it is connected. */
  start(): void {
    // A finished detached job's state directory on the host is no longer needed.
    this.engine.on('updated', (job) => {
      if (job.attachedAt === null || isActiveJobState(job.state)) return;
      try {
        this.storage.host(job.hostId).agent.forget(job.id);
      } catch (error) {
        // A host no longer configured: its state directory stays (harmless, on a tmpfs).
        this.logger.warn({ jobId: job.id, err: (error as Error).message }, 'could not forget');
      }
    });
    // A host with work to re-attach gets its agent's channel now, beside the inventory's
    // own sessions, instead of at its connect: the re-attach that follows the connect then
    // asks an agent that is already up (each SSH handshake costs seconds on a loaded host).
    for (const host of this.inventory.list()) {
      if (this.engine.awaitingAttach(host.id).length > 0)
        this.storage.host(host.id).agent.connect();
    }
    this.inventory.onEachConnect((hostId) => void this.reconcileHost(hostId));
  }

  /**
   * Graceful stop: every active job is interrupted now and reconciled while the links are
   * still up (bounded: what is not done by then stays pending for the next start).
   */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    const interrupted = this.engine.interruptAll();
    const hosts = new Set(interrupted.map((j) => j.hostId));
    const all = Promise.all([...hosts].map((id) => this.reconcileHost(id)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([all, late]);
    clearTimeout(timer);
  }

  reconcileHost(hostId: string): Promise<void> {
    const previous = this.running.get(hostId) ?? Promise.resolve();
    const next = previous.then(() => this.reconcilePending(hostId));
    this.running.set(hostId, next);
    void next.finally(() => {
      if (this.running.get(hostId) === next) this.running.delete(hostId);
    });
    return next;
  }

  private async reconcilePending(hostId: string): Promise<void> {
    for (const { job, handles } of this.engine.awaitingAttach(hostId)) {
      const storage = this.storage.host(hostId);
      if (this.engine.adopt(job.id, (ctx) => reattachRun(storage, ctx, handles))) {
        this.logger.info({ jobId: job.id, hostId }, 're-attaching to detached host-side work');
      }
    }
    const pending = this.engine.pendingCleanups(hostId);
    if (pending.length === 0) return;
    const storage = this.storage.host(hostId);
    for (const item of pending) {
      const job = await this.reconcileJob(storage, item);
      this.logger.info(
        { jobId: job.id, hostId, cleanup: job.cleanup },
        'reconciled an interrupted job',
      );
    }
  }

  private async reconcileJob(storage: HostStorage, { job, handles }: PendingCleanup): Promise<Job> {
    const cleaned: string[] = [];
    try {
      for (const handle of handles) {
        if (handle.kind !== 'local-process') continue;
        if ((await stopLocalProcess(handle.pid, handle.argv)) === 'stopped') {
          cleaned.push(`stopped ${handle.what} (pid ${handle.pid}) on the Poolwatch machine`);
        }
      }
      const onHost = handles.filter((h) => h.kind === 'host-process');
      for (const stopped of await storage.reap(onHost))
        cleaned.push(`stopped ${stopped} on the host`);
      for (const handle of handles) {
        if (handle.kind !== 'created-volume') continue;
        cleaned.push(await this.removeVolume(storage, handle));
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ jobId: job.id, err: message }, 'could not reconcile an interrupted job');
      const cleanup: JobCleanup = { state: 'failed', at: null, cleaned, error: message };
      return this.engine.settleCleanup(
        job,
        cleanup,
        `${summary(job)}; clean-up on the host failed (retried at the next connect): ${message}`,
      );
    }
    const at = new Date().toISOString();
    const what = cleaned.length === 0 ? 'nothing of it was left on the host' : cleaned.join('; ');
    return this.engine.settleCleanup(
      job,
      { state: 'done', at, cleaned, error: null },
      `${summary(job)}; cleaned up: ${what}`,
    );
  }

  /**
   * Deletes the partial target. When libvirt is removing it itself (its qemu-img was just
   * stopped), the first delete can miss: refresh the pool and look again.
   */
  private async removeVolume(
    storage: HostStorage,
    handle: Extract<JobHandle, { kind: 'created-volume' }>,
  ): Promise<string> {
    const target = `partial target volume ${JSON.stringify(handle.name)} in pool ${JSON.stringify(handle.pool)}`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await storage.virsh(volDelete({ pool: handle.poolUuid, name: handle.name }));
        await storage.refreshInventory();
        return `deleted the ${target}`;
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
        await storage.virsh(poolVerb('pool-refresh', handle.poolUuid));
      }
    }
    return `the ${target} was already gone`;
  }
}

const summary = (job: Job) => `Poolwatch stopped while this ${job.kind} job ran`;
