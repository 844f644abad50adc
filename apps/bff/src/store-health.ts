import type { StorageProblem } from '@poolwatch/shared';
import { AppError } from './errors.js';
import { storageErrors } from './metrics.js';

export type StoreName = StorageProblem['store'];

/**
 * How long a SQLite write waits for another writer's lock (auth.sqlite is shared with the
 * users CLI). The SQLite driver waits synchronously, blocking the event loop meanwhile: a
 * write still busy after this fails as SQLITE_BUSY and is reported, never a frozen BFF.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 200;

/** One stderr line per store at most this often: a full disk fails every write. */
const STDERR_EVERY_MS = 10_000;

/**
 * How the BFF's own stores (SQLite job history, audit, sessions; the log on stdout) are
 * doing. A failed write (SQLITE_FULL, SQLITE_BUSY, ENOSPC) is reported here instead of
 * crashing the process: counted in poolwatch_storage_errors_total{store}, said on stderr
 * (plainly, not through the logger, which may be what is failing), and shown by
 * /api/health as degraded until that store writes again.
 */
class StoreHealth {
  private readonly problems = new Map<StoreName, StorageProblem>();
  private readonly saidAt = new Map<StoreName, number>();

  failed(store: StoreName, error: unknown): void {
    const message = describe(error);
    storageErrors.inc({ store });
    const known = this.problems.get(store);
    this.problems.set(store, {
      store,
      error: message,
      since: known?.since ?? new Date().toISOString(),
    });
    const now = Date.now();
    if (now - (this.saidAt.get(store) ?? 0) < STDERR_EVERY_MS) return;
    this.saidAt.set(store, now);
    try {
      process.stderr.write(`poolwatch: the ${store} store cannot write: ${message}\n`);
    } catch {
      // stderr gone too: the metric and /api/health still say it
    }
  }

  succeeded(store: StoreName): void {
    if (this.problems.delete(store)) this.saidAt.delete(store);
  }

  current(): StorageProblem[] {
    return [...this.problems.values()];
  }
}

export const storeHealth = new StoreHealth();

/** 503 for a write that must not go unrecorded (a job whose history cannot be kept). */
export class StorageUnavailableError extends AppError {
  constructor(store: StoreName, error: unknown, consequence: string) {
    super(
      'storage_unavailable',
      503,
      `Poolwatch cannot write its ${store} store (${describe(error)}): ${consequence}`,
    );
  }
}

/** SQLite errors carry their code (SQLITE_FULL, SQLITE_BUSY...): keep it in the reason. */
function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
