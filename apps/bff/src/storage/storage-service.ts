import type { Job, WipeAlgorithms } from '@poolwatch/shared';
import { isActiveJobState } from '@poolwatch/shared';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { JobEngine } from '../jobs/job-engine.js';
import {
  JobCancelledError,
  JobInterruptedError,
  type JobContext,
  type JobHandle,
  type JobSpec,
} from '../jobs/job-spec.js';
import type { Logger } from '../logger.js';
import { HostStorage } from './host-storage.js';
import { wipeAlgorithmsFor } from './wipe-algorithms.js';

/** POOLWATCH_STREAM_IDLE_MS's default: a stream with no byte moving for 60 s fails. */
export const DEFAULT_STREAM_IDLE_MS = 60_000;

/**
 * The door from HTTP into storage jobs: builds a JobSpec for a host (which validates
 * against the live host, so bad requests fail before a job exists) and submits it.
 */
export class StorageService {
  private readonly hosts = new Map<string, HostStorage>();

  constructor(
    private readonly inventory: InventoryService,
    readonly engine: JobEngine,
    private readonly dataDir: string,
    private readonly logger: Logger,
    private readonly options: { streamIdleMs?: number } = {},
  ) {}

  host(hostId: string): HostStorage {
    let storage = this.hosts.get(hostId);
    if (!storage) {
      const connection = this.inventory.connection(hostId);
      storage = new HostStorage(connection, this.dataDir, this.logger.child({ host: hostId }));
      storage.streamIdleMs = this.options.streamIdleMs ?? DEFAULT_STREAM_IDLE_MS;
      this.hosts.set(hostId, storage);
    }
    return storage;
  }

  /**
   * Warms every host up when it connects (and at each reconnect): its host agent's channel
   * and caps are ready before the first job, which then starts without an SSH handshake.
   */
  start(): void {
    const warm = (host: { id: string; state: string }) => {
      if (host.state !== 'connected') return;
      try {
        this.host(host.id).warmUp();
      } catch (error) {
        this.logger.warn({ host: host.id, err: (error as Error).message }, 'no warm-up');
      }
    };
    this.inventory.on('host:state', warm);
    for (const host of this.inventory.list()) warm(host);
  }

  /** `by`: the signed-in user who asked (Job.startedBy); undefined for a kiosk or a script. */
  async submit(
    hostId: string,
    by: string | undefined,
    build: (storage: HostStorage) => Promise<JobSpec>,
  ): Promise<Job> {
    const storage = this.host(hostId);
    const spec = await build(storage);
    const run = (ctx: JobContext) => runOrInterrupt(storage, spec, ctx);
    return this.engine.submit({ ...spec, run }, { by });
  }

  /** Runs a job the previous process left (a resumable upload) again, under its own id. */
  async adopt(
    stored: Job,
    handles: readonly JobHandle[],
    build: (storage: HostStorage) => Promise<JobSpec>,
  ): Promise<Job> {
    const storage = this.host(stored.hostId);
    const spec = await build(storage);
    const run = (ctx: JobContext) => runOrInterrupt(storage, spec, ctx);
    return this.engine.adoptResumable(stored, handles, { ...spec, run });
  }

  /** Resolves with the job once it has ended (for requests that last as long as the job). */
  waitForEnd(id: string): Promise<Job> {
    return new Promise((resolve) => {
      const check = (job: Job) => {
        if (job.id !== id || isActiveJobState(job.state)) return;
        this.engine.off('updated', check);
        resolve(job);
      };
      this.engine.on('updated', check);
      const now = this.engine.get(id);
      if (now) check(now);
    });
  }

  async wipeAlgorithms(hostId: string, pool: string): Promise<WipeAlgorithms> {
    const storage = this.host(hostId);
    return wipeAlgorithmsFor(await storage.pool(pool), await storage.caps());
  }
}

/**
 * A job that fails because its link to the host dropped has not really failed: the host may
 * still run its part (libvirt's qemu-img outlives its virsh client). It ends `interrupted`
 * instead, and the reconciler stops and cleans what it recorded at the host's next connect.
 */
async function runOrInterrupt(
  storage: HostStorage,
  spec: JobSpec,
  ctx: Parameters<JobSpec['run']>[0],
): Promise<void> {
  let recorded = false;
  const inner = {
    ...ctx,
    record: (h: Parameters<typeof ctx.record>[0]) => {
      recorded = true;
      ctx.record(h);
    },
  };
  try {
    await spec.run(inner);
  } catch (error) {
    if (error instanceof JobCancelledError || ctx.signal.aborted || !recorded) throw error;
    if (await storage.reachable()) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new JobInterruptedError(
      `the link to host ${storage.hostId} dropped while the job ran (${reason}): what it left there is stopped and removed when the host is back`,
    );
  }
}
