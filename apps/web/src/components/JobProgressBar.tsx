import type { JobProgress } from '@poolwatch/shared';
import { progressPercent, progressText } from '../lib/jobFormat';

interface JobProgressBarProps {
  progress: JobProgress;
  /** A queued job has no progress yet: say so rather than "running for 0 s". */
  queued?: boolean;
  /** A paused job: the bar says so, and no ETA (the server sends none while paused). */
  paused?: boolean;
  /** compact: one line, for a table row. xl: the kiosk's, readable across a room. */
  size?: 'normal' | 'compact' | 'xl';
  testId?: string;
  label?: string;
}

/**
 * A job's progress. Bounded jobs get a real percentage (aria-valuenow); unbounded ones an
 * indeterminate, animated bar and the bytes or time so far, never an invented percentage.
 */
export function JobProgressBar({
  progress,
  queued = false,
  paused = false,
  size = 'normal',
  testId = 'job-progress',
  label = 'Job progress',
}: JobProgressBarProps) {
  const percent = queued ? null : progressPercent(progress);
  const text = paused
    ? `paused · ${progressText(progress, queued)}`
    : progressText(progress, queued);
  const className = [
    'job-progress',
    size !== 'normal' && `job-progress--${size}`,
    percent === null && !paused && 'job-progress--indeterminate',
    paused && 'job-progress--paused',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={className}>
      <div
        className="job-progress__bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text}
        data-testid={testId}
        data-processed={progress.dataProcessed ?? ''}
        data-total={progress.dataTotal ?? ''}
        data-measured-at={progress.measuredAt ?? ''}
        data-progress-type={progress.type}
        data-paused={paused ? 'true' : undefined}
        title={text}
      >
        <div
          className="job-progress__fill"
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      <span className="job-progress__text" aria-hidden="true">
        {percent !== null && <span className="job-progress__percent">{percent}% </span>}
        {text}
      </span>
    </div>
  );
}
