import type Database from 'libsql';
import { ACTIVE_JOB_STATES, type Job } from '@poolwatch/shared';
import type { Logger } from '../logger.js';
import { storeHealth, StorageUnavailableError } from '../store-health.js';
import { JobLog } from './job-log.js';
import { encodeCursor, jobListSql, type JobListOptions } from './job-query.js';
import {
  interruptedJob,
  isResumable,
  parseHandles,
  parseJobRow,
  toRow,
  type HandleRow,
  type JobRow,
} from './job-rows.js';
import type { JobHandle } from './job-spec.js';
import { openSqliteFile } from './sqlite-file.js';

export type { JobListOptions } from './job-query.js';

/** One page of history, newest first; nextCursor null on the last page. */
export interface JobPage {
  jobs: Job[];
  nextCursor: string | null;
}

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
    this.db = openSqliteFile(path);
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
      const job = parseJobRow(row, this.logger);
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
    return row ? parseJobRow(row, this.logger) : null;
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
      jobs: pageRows.flatMap((row) => parseJobRow(row, this.logger) ?? []),
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
        const job = parseJobRow(row, this.logger);
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
      const job = parseJobRow(row, this.logger);
      return job && isResumable(job) ? [{ job, handles: parseHandles(row.handles) }] : [];
    });
  }

  close(): void {
    this.db.close();
  }
}
