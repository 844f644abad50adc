import type { Job } from '@poolwatch/shared';
import { JobProgressBar } from '../../components/JobProgressBar';
import { Name } from '../../components/Name';
import { useRef } from 'react';
import { ExternalLabel } from '../jobs/JobRow';
import { KIND_WORDS, limitWords, targetText } from '../jobs/jobLabels';
import { useFitPages } from './useFitPages';

/** At most this many are laid out; those that do not fit the screen are counted instead. */
const JOBS_LAID_OUT = 12;

/** Running (and paused, queued) jobs, each with the shared progress bar at kiosk size, as many as fit. */
export function KioskJobs({ jobs, loaded }: { jobs: readonly Job[]; loaded: boolean }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const laidOut = jobs.slice(0, JOBS_LAID_OUT);
  const fit = useFitPages(
    containerRef,
    listRef,
    laidOut.map((j) => `${j.id}:${j.state}`).join('|'),
    null,
  );
  const more = jobs.length - Math.min(fit.end, laidOut.length);
  return (
    <section className="kiosk__jobs" aria-labelledby="kiosk-jobs-title" data-testid="kiosk-jobs">
      <h2 id="kiosk-jobs-title" className="kiosk__title">
        Running jobs
        {more > 0 && (
          <span className="kiosk__title-note" data-testid="kiosk-jobs-more">
            + {more} more not shown
          </span>
        )}
      </h2>
      {loaded && jobs.length === 0 && <p className="kiosk-muted">Nothing running.</p>}
      <div className="kiosk__jobs-body" ref={containerRef}>
        <ul className="kiosk-jobs" ref={listRef}>
          {laidOut.map((job, index) => (
            <li
              key={job.id}
              aria-hidden={index >= fit.end || undefined}
              style={index >= fit.end ? { visibility: 'hidden' } : undefined}
              className={`kiosk-job kiosk-job--${job.state}`}
              data-testid="kiosk-job"
              data-job-id={job.id}
              data-job-state={job.state}
            >
              <div className="kiosk-job__head">
                <span className="kiosk-job__kind">{KIND_WORDS[job.kind]}</span>
                {job.state !== 'running' && <span className="kiosk-job__state">{job.state}</span>}
                {job.origin === 'external' && <ExternalLabel className="kiosk-job__state" />}
                {job.limits.bytesPerSecond !== null && (
                  <span className="kiosk-job__state" data-testid="kiosk-job-limit">
                    limited to {limitWords(job.limits.bytesPerSecond)}
                  </span>
                )}
                <span className="kiosk-job__host">{job.hostId}</span>
              </div>
              <div className="kiosk-job__target">
                <Name value={targetText(job)} />
              </div>
              <JobProgressBar
                progress={job.progress}
                queued={job.state === 'queued'}
                paused={job.state === 'paused'}
                size="xl"
                testId="kiosk-job-progress"
                label={`${KIND_WORDS[job.kind]} progress`}
              />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
