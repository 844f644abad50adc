import type { Job } from '@poolwatch/shared';
import { Name } from '../../components/Name';
import { formatClock } from '../../lib/time';
import { KIND_WORDS, targetText } from '../jobs/jobLabels';

/** The last failed or interrupted jobs, with the error in the server's words. */
export function KioskFailures({ jobs }: { jobs: readonly Job[] }) {
  return (
    <section
      className="kiosk__failures"
      aria-labelledby="kiosk-failures-title"
      data-testid="kiosk-failures"
    >
      <h2 id="kiosk-failures-title" className="kiosk__title">
        Recent failures
      </h2>
      {jobs.length === 0 ? (
        <p className="kiosk-muted">None.</p>
      ) : (
        <ul className="kiosk-failures">
          {jobs.map((job) => (
            <li
              key={job.id}
              className="kiosk-failure"
              data-testid="kiosk-failure"
              data-job-id={job.id}
              data-job-state={job.state}
            >
              <div className="kiosk-failure__head">
                <span className="kiosk-failure__time">
                  {formatClock(Date.parse(job.endedAt ?? job.createdAt))}
                </span>
                <span className="kiosk-failure__kind">{KIND_WORDS[job.kind]}</span>
                <span className="kiosk-failure__state">{job.state}</span>
                <span className="kiosk-failure__target">
                  <Name value={targetText(job)} /> · {job.hostId}
                </span>
              </div>
              <div className="kiosk-failure__error">
                <Name
                  value={
                    job.error?.message ?? (job.state === 'interrupted' ? 'the server stopped' : '')
                  }
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
