import type { Job } from '@poolwatch/shared';
import { Name } from '../../components/Name';
import { formatClock } from '../../lib/time';
import { KIND_WORDS, targetText } from '../jobs/jobLabels';

/** "24 h", "90 min", "7 days": the failure window in the title. */
function windowWords(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return `${Math.round(hours * 10) / 10} h`;
}

/** The last failed or interrupted jobs of the window, with the error in the server's words. */
export function KioskFailures({
  jobs,
  windowHours,
}: {
  jobs: readonly Job[];
  windowHours: number;
}) {
  return (
    <section
      className="kiosk__failures"
      aria-labelledby="kiosk-failures-title"
      data-testid="kiosk-failures"
    >
      <h2 id="kiosk-failures-title" className="kiosk__title">
        Recent failures
        <span className="kiosk__title-note" data-testid="kiosk-failures-window">
          last {windowWords(windowHours)}
        </span>
      </h2>
      {jobs.length === 0 ? (
        <p className="kiosk-muted">None in the last {windowWords(windowHours)}.</p>
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
