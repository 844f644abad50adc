import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { ACTIVE_JOB_STATES, JobSchema, upgradeJobBody, type Job } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import { SQLITE_BUSY_TIMEOUT_MS, storeHealth, StorageUnavailableError } from '../store-health.js';
import { JobLog } from './job-log.js';
import { encodeCursor, jobListSql, type JobListOptions } from './job-query.js';
import type { JobHandle } from './job-spec.js';

export type { JobListOptions } from './job-query.js';

/** One page of history, newest first; nextCursor null on the last page. */
export interface JobPage {
  jobs: Job[];
  nextCursor: string | null;
}

interface JobRow {
  id: string;
  body: string;
}

type HandleRow = JobRow & { handles: string | null };

/** An interrupted job whose host still has to be reconciled, with what it recorded. */
export interface PendingCleanup {
  job: Job;
  handles: JobHandle[];
}

const ACTIVE_SQL = ACTIVE_JOB_STATES.map((s) => `'${s}'`).join(', ');

/**
 * Job history in one SQLite file. The whole Job is kept as JSON in `body` (the wire
 * contract lives in packages/shared and may grow); the other columns exist only to filter
 * and sort without parsing JSON.
 */
export class JobStore {
  private readonly db: Database.Database;
  private readonly statements;
  /** Events and progress samples per job (tables job_events, job_samples). */
  readonly log: JobLog;
  /** Active jobs markInterrupted kept (their work runs detached on the host). */
  readonly keptAtStart: PendingCleanup[] = [];

  constructor(
    path: string,
    private readonly logger?: Logger,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // WAL: listing (HTTP) never waits on a progress write. synchronous=NORMAL is durable
    // across a crash of Poolwatch; only a power cut can lose the last writes.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Short, as for auth.sqlite: better-sqlite3 waits synchronously (auth-db.ts).
    this.db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        host_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        ended_at TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS jobs_by_created ON jobs (created_at DESC, id DESC);
      CREATE INDEX IF NOT EXISTS jobs_by_host ON jobs (host_id, created_at DESC, id DESC);
      CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, created_at DESC);
    `);
    this.migrate();
    this.log = new JobLog(this.db);
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO jobs (id, seq, host_id, kind, state, created_at, ended_at, origin, body)
         VALUES (@id, @seq, @hostId, @kind, @state, @createdAt, @endedAt, @origin, @body)`,
      ),
      update: this.db.prepare(
        `UPDATE jobs SET seq = @seq, host_id = @hostId, kind = @kind, state = @state,
           created_at = @createdAt, ended_at = @endedAt, origin = @origin, body = @body
         WHERE id = @id`,
      ),
      get: this.db.prepare<[string]>('SELECT id, body FROM jobs WHERE id = ?'),
      active: this.db.prepare<[]>(
        `SELECT id, body, handles FROM jobs WHERE state IN (${ACTIVE_SQL})`,
      ),
      setHandles: this.db.prepare('UPDATE jobs SET handles = @handles WHERE id = @id'),
      setPending: this.db.prepare('UPDATE jobs SET cleanup_pending = @pending WHERE id = @id'),
      pending: this.db.prepare<[string]>(
        `SELECT id, body, handles FROM jobs WHERE cleanup_pending = 1 AND host_id = ?
         ORDER BY created_at`,
      ),
    };
  }

  /**
   * Additive migrations: columns added after the first release, so an older jobs.sqlite
   * keeps its history. `handles` holds what a running job left on its host (JSON JobHandle[]);
   * `cleanup_pending` marks interrupted jobs the reconciler has not finished yet; `origin`
   * tells Poolwatch's own jobs from work it observed (older rows are all Poolwatch's own,
   * and their JSON bodies lack the field: JobSchema defaults it the same way).
   */
  private migrate(): void {
    const info = this.db.prepare<[]>('PRAGMA table_info(jobs)').all() as { name: string }[];
    const columns = new Set(info.map((c) => c.name));
    if (!columns.has('handles')) this.db.exec('ALTER TABLE jobs ADD COLUMN handles TEXT');
    if (!columns.has('cleanup_pending')) {
      this.db.exec('ALTER TABLE jobs ADD COLUMN cleanup_pending INTEGER NOT NULL DEFAULT 0');
    }
    if (!columns.has('origin')) {
      this.db.exec(`ALTER TABLE jobs ADD COLUMN origin TEXT NOT NULL DEFAULT 'poolwatch'`);
    }
  }

  /** Replaces the host-side handles a job recorded (see JobHandle). */
  setHandles(id: string, handles: readonly JobHandle[]): void {
    this.statements.setHandles.run({ id, handles: JSON.stringify(handles) });
  }

  /** Updates the job and whether its host still needs reconciling, in one transaction. */
  updateCleanup(job: Job, pending: boolean): void {
    this.db.transaction(() => this.writeCleanup(job, pending))();
  }

  /** The same, inside a transaction the caller holds (libsql does not nest them). */
  private writeCleanup(job: Job, pending: boolean): void {
    this.update(job);
    this.statements.setPending.run({ id: job.id, pending: pending ? 1 : 0 });
  }

  /** Records what the reconciler cleaned; a cleanup that is not done stays pending. */
  settleCleanup(job: Job, cleanup: NonNullable<Job['cleanup']>, message: string): Job {
    const settled: Job = {
      ...job,
      seq: job.seq + 1,
      cleanup,
      error: { id: 'job_interrupted', message },
    };
    this.updateCleanup(settled, cleanup.state !== 'done');
    return settled;
  }

  /** Interrupted jobs of a host still to reconcile, oldest first. */
  pendingCleanups(hostId: string): PendingCleanup[] {
    // libsql types rows as unknown: the SELECT names exactly these columns.
    const rows = this.statements.pending.all(hostId) as HandleRow[];
    return rows.flatMap((row) => {
      const job = this.parse(row);
      return job ? [{ job, handles: parseHandles(row.handles) }] : [];
    });
  }

  /** A job whose history cannot be written is refused (503) before anything runs. */
  insert(job: Job): void {
    try {
      this.statements.insert.run(toRow(job));
      storeHealth.succeeded('jobs');
    } catch (error) {
      storeHealth.failed('jobs', error);
      throw new StorageUnavailableError('jobs', error, 'the job was not started');
    }
  }

  /** Replaces the whole job; throws when it was never inserted (a bug in the engine). */
  update(job: Job): void {
    let changes: number;
    try {
      changes = this.statements.update.run(toRow(job)).changes;
      storeHealth.succeeded('jobs');
    } catch (error) {
      storeHealth.failed('jobs', error); // the engine keeps the job in memory and goes on
      throw error;
    }
    if (changes === 0) throw new Error(`job ${job.id} is not in the store`);
  }

  get(id: string): Job | null {
    // libsql types rows as unknown: the SELECT above names exactly JobRow's columns.
    const row = this.statements.get.get(id) as JobRow | undefined;
    return row ? this.parse(row) : null;
  }

  /** Newest first (createdAt desc, then id desc so the order is stable). */
  list(options: JobListOptions): Job[] {
    return this.page(options).jobs;
  }

  /** A page of the filtered history; the cursor continues strictly after its last job. */
  page(options: JobListOptions): JobPage {
    const { sql, params } = jobListSql(options);
    const rows = this.db.prepare<[Record<string, string | number>]>(sql).all(params) as (JobRow & {
      createdAt: string;
    })[];
    const more = rows.length > options.limit;
    const pageRows = more ? rows.slice(0, options.limit) : rows;
    const last = pageRows.at(-1);
    return {
      jobs: pageRows.flatMap((row) => this.parse(row) ?? []),
      // From the row's columns, so a skipped corrupt row cannot end the paging.
      nextCursor: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /**
   * Called once at start: a job that was active when Poolwatch stopped has no runner any
   * more. Its host operation may have finished, failed or still be going: we cannot know,
   * so we say so instead of guessing.
   */
  markInterrupted(now: Date, kept?: (job: Job, handles: JobHandle[]) => boolean): Job[] {
    return this.db.transaction(() => {
      return (this.statements.active.all() as HandleRow[]).flatMap((row) => {
        const job = this.parse(row);
        // A resumable upload's bytes are on the volume and its offset is stored: it waits
        // for its client to resume (detachedResumable), it is not interrupted.
        if (!job || isResumable(job)) return [];
        const handles = parseHandles(row.handles);
        // Work that outlives Poolwatch (detached on the host) stays active: re-attached.
        if (job.state !== 'queued' && kept?.(job, handles)) {
          this.keptAtStart.push({ job, handles });
          return [];
        }
        const interrupted = interruptedJob(job, handles, now);
        this.writeCleanup(interrupted, interrupted.cleanup?.state === 'pending');
        return [interrupted];
      });
    })();
  }

  /** Resumable uploads left active by a previous run (crash, restart), with their handles. */
  detachedResumable(): PendingCleanup[] {
    return (this.statements.active.all() as HandleRow[]).flatMap((row) => {
      const job = this.parse(row);
      return job && isResumable(job) ? [{ job, handles: parseHandles(row.handles) }] : [];
    });
  }

  close(): void {
    this.db.close();
  }

  /** A corrupt row (hand edit, older schema) is skipped and logged: history must still list. */
  private parse(row: JobRow): Job | null {
    let body: unknown;
    try {
      body = JSON.parse(row.body);
    } catch (error) {
      this.logger?.warn({ jobId: row.id, err: error }, 'skipping job row: body is not JSON');
      return null;
    }
    // Rows from before params were typed carry no params.kind: see upgradeJobBody.
    const parsed = JobSchema.safeParse(upgradeJobBody(body));
    if (!parsed.success) {
      this.logger?.warn(
        { jobId: row.id, issues: parsed.error.issues },
        'skipping job row: body does not match JobSchema',
      );
      return null;
    }
    return parsed.data;
  }
}

/** A tus upload's job (ResumableUploadParams): it outlives the BFF process. */
export const isResumable = (job: Job): boolean =>
  (job.params as { resumable?: unknown }).resumable === true;

function parseHandles(text: string | null): JobHandle[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as JobHandle[]) : [];
  } catch {
    return [];
  }
}

/**
 * The job as history shows it once its runner is gone (BFF stopped, crashed, link dropped).
 * With handles recorded, the host still has to be reconciled: cleanup is `pending` until the
 * reconciler says what it stopped and removed.
 */
export function interruptedJob(job: Job, handles: readonly JobHandle[], now: Date): Job {
  // Observed work was never Poolwatch's to interrupt: it only stopped watching. If the host
  // still runs it, the next scan shows it again as a new external job.
  if (job.origin === 'external') {
    return {
      ...job,
      seq: job.seq + 1,
      state: 'ended',
      endedAt: now.toISOString(),
      progress: { ...job.progress, timeRemaining: null },
      error: {
        id: 'job_unobserved',
        message: `Poolwatch stopped watching this work started outside Poolwatch while it was ${job.state}`,
      },
    };
  }
  const pending = handles.length > 0;
  return {
    ...job,
    seq: job.seq + 1,
    state: 'interrupted',
    endedAt: now.toISOString(),
    progress: { ...job.progress, timeRemaining: null },
    error: {
      id: 'job_interrupted',
      message: pending
        ? `Poolwatch stopped while this job was ${job.state}: what it left on the host is being stopped and removed`
        : `Poolwatch stopped while this job was ${job.state}; what the host did after that is unknown: check the target`,
    },
    cleanup: pending
      ? { state: 'pending', at: null, cleaned: [], error: null }
      : { state: 'done', at: now.toISOString(), cleaned: [], error: null },
  };
}

function toRow(job: Job) {
  return {
    id: job.id,
    seq: job.seq,
    hostId: job.hostId,
    kind: job.kind,
    state: job.state,
    createdAt: job.createdAt,
    endedAt: job.endedAt,
    origin: job.origin,
    body: JSON.stringify(job),
  };
}
