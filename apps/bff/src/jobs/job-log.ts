import type Database from 'libsql';
import type { JobEvent, JobSample, JobTimeline } from '@poolwatch/shared';

/** Samples kept per job: past this, every other one goes and the interval doubles. */
export const MAX_SAMPLES_PER_JOB = 600;

/**
 * A job's timeline (events with who asked) and its progress samples, in jobs.sqlite beside
 * the jobs table. Written by the engine as things happen; read by the job page.
 */
export class JobLog {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS job_events (
        job_id TEXT NOT NULL,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        by TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS job_events_by_job ON job_events (job_id, at);
      CREATE TABLE IF NOT EXISTS job_samples (
        job_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        processed REAL,
        rate REAL
      );
      CREATE INDEX IF NOT EXISTS job_samples_by_job ON job_samples (job_id, at);
    `);
    this.statements = {
      event: db.prepare(
        `INSERT INTO job_events (job_id, at, type, by, message)
         VALUES (@jobId, @at, @type, @by, @message)`,
      ),
      events: db.prepare<[string]>(
        'SELECT at, type, by, message FROM job_events WHERE job_id = ? ORDER BY at, rowid',
      ),
      sample: db.prepare(
        `INSERT INTO job_samples (job_id, at, processed, rate)
         VALUES (@jobId, @at, @processed, @rate)`,
      ),
      samples: db.prepare<[string]>(
        'SELECT at, processed, rate FROM job_samples WHERE job_id = ? ORDER BY at, rowid',
      ),
      count: db.prepare<[string]>('SELECT COUNT(*) AS n FROM job_samples WHERE job_id = ?'),
      // Keeps the 1st, 3rd, 5th... sample: the shape of the curve survives, the size halves.
      thin: db.prepare<[string, string]>(
        `DELETE FROM job_samples WHERE rowid IN (
           SELECT rowid FROM (
             SELECT rowid, ROW_NUMBER() OVER (ORDER BY at, rowid) AS n
             FROM job_samples WHERE job_id = ?
           ) WHERE n % 2 = 0
         ) AND job_id = ?`,
      ),
    };
  }

  event(jobId: string, event: JobEvent): void {
    this.statements.event.run({ jobId, ...event });
  }

  /** Appends a sample; at the bound, drops every other one. Returns whether it thinned. */
  sample(jobId: string, sample: JobSample): boolean {
    this.statements.sample.run({ jobId, ...sample });
    const { n } = this.statements.count.get(jobId) as { n: number };
    if (n < MAX_SAMPLES_PER_JOB) return false;
    this.statements.thin.run(jobId, jobId);
    return true;
  }

  timeline(jobId: string): JobTimeline {
    // libsql types rows as unknown: the SELECTs name exactly these columns.
    return {
      events: this.statements.events.all(jobId) as JobEvent[],
      samples: this.statements.samples.all(jobId) as JobSample[],
    };
  }
}
