import type { Job, WipeAlgorithms } from '@poolwatch/shared';
import { isActiveJobState } from '@poolwatch/shared';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { JobSpec } from '../jobs/job-spec.js';
import type { Logger } from '../logger.js';
import { HostStorage } from './host-storage.js';
import { wipeAlgorithmsFor } from './wipe-algorithms.js';

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
  ) {}

  host(hostId: string): HostStorage {
    let storage = this.hosts.get(hostId);
    if (!storage) {
      const connection = this.inventory.connection(hostId);
      storage = new HostStorage(connection, this.dataDir, this.logger.child({ host: hostId }));
      this.hosts.set(hostId, storage);
    }
    return storage;
  }

  async submit(hostId: string, build: (storage: HostStorage) => Promise<JobSpec>): Promise<Job> {
    const spec = await build(this.host(hostId));
    return this.engine.submit(spec);
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
