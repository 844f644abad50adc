import { isActiveJobState, type Job } from '@poolwatch/shared';
import { Link } from 'react-router';
import { useCancelJob } from '../../api/jobMutations';
import { useCan } from '../../auth/useSession';
import { errorMessage } from '../../api/http';
import { JobProgressBar } from '../../components/JobProgressBar';
import { Name, TruncatedName } from '../../components/Name';
import { routes } from '../../lib/routes';
import { JobHoldControls } from './JobHoldControls';
import { KIND_WORDS, STATE_TONE, jobDuration, paramsSummary, targetText } from './jobLabels';
import { plainSource } from './plainWords';
import { resumedAtText, resumedFromOf } from './uploadResume';

const CANCEL_STATES = new Set<Job['state']>(['queued', 'running', 'paused']);

/** One job: what, where, how far, and Cancel when the server says it can be cancelled. */
export function JobRow({ job }: { job: Job }) {
  const active = isActiveJobState(job.state);
  const canCancel = job.cancellable && CANCEL_STATES.has(job.state);
  const duration = jobDuration(job);
  const params = paramsSummary(job.params);
  const resumedAt = resumedAtText(job);

  return (
    <li
      className={`job-row job-row--${job.state}`}
      data-testid="job-row"
      data-job-id={job.id}
      data-job-kind={job.kind}
      data-job-state={job.state}
      data-job-origin={job.origin}
    >
      <div className="job-row__head">
        <Link className="job-row__kind strong" to={routes.job(job.id)} data-testid="job-link">
          {KIND_WORDS[job.kind]}
        </Link>
        <span
          className={`state-label state-label--${STATE_TONE[job.state]}`}
          data-testid="job-state"
        >
          {stateWords(job)}
        </span>
        {job.origin === 'external' && <ExternalLabel />}
        {duration && <span className="muted small job-row__duration">{duration}</span>}
      </div>
      <div className="job-row__target mono small" data-testid="job-target">
        <TruncatedName value={targetText(job)} />
        <span className="muted"> · {job.hostId}</span>
      </div>
      <div className="job-row__who muted small" data-testid="job-who">
        <time dateTime={job.startedAt ?? job.createdAt}>
          {new Date(job.startedAt ?? job.createdAt).toLocaleTimeString()}
        </time>
        {job.startedBy && <> · by {job.startedBy}</>}
      </div>
      {active && (
        <JobProgressBar
          progress={job.progress}
          queued={job.state === 'queued'}
          paused={job.state === 'paused'}
          label={`${KIND_WORDS[job.kind]} progress`}
        />
      )}
      {resumedAt && (
        <div
          className="muted small"
          data-testid="job-resumed"
          data-resumed-from={resumedFromOf(job)}
        >
          {resumedAt}
        </div>
      )}
      {!active && params && (
        <div className="job-row__params muted small" data-testid="job-params">
          {params}
        </div>
      )}
      {job.progress.source && (
        <div
          className="job-row__source muted small"
          data-testid="job-source"
          title={job.progress.source}
        >
          {plainSource(job.progress.source)}
        </div>
      )}
      {job.error && (
        <div
          className={`job-row__error small ${job.state === 'failed' ? 'text-danger' : 'muted'}`}
          data-testid="job-error"
        >
          <Name value={job.error.message} />
        </div>
      )}
      {job.cleanup && job.cleanup.cleaned.length > 0 && (
        <ul className="job-row__cleanup muted small" data-testid="job-cleanup">
          {job.cleanup.cleaned.map((line) => (
            <li key={line}>
              <Name value={line} />
            </li>
          ))}
        </ul>
      )}
      {active && <JobHoldControls job={job} />}
      {active && (canCancel ? <CancelJob id={job.id} /> : <CancelNote note={job.cancelNote} />)}
      {!active && job.cancelNote && job.state === 'cancelled' && (
        <div className="muted small" data-testid="job-cancel-note">
          {job.cancelNote}
        </div>
      )}
    </li>
  );
}

/** Work someone else started on the host (a terminal's virsh, virt-manager), only observed. */
export function ExternalLabel({ className = 'muted small' }: { className?: string }) {
  return (
    <span className={`${className} job-origin`} data-testid="job-origin">
      started outside Poolwatch
    </span>
  );
}

/** "cancelled by alice" for a user's cancel (not a red failure); else the state itself. */
function stateWords(job: Job): string {
  if (job.state === 'cancelled' && job.cancelledBy) return `cancelled by ${job.cancelledBy}`;
  if (job.state === 'interrupted' && job.cleanup?.state === 'pending')
    return 'interrupted, cleaning up';
  return job.state;
}

function CancelNote({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <div className="job-row__actions">
      <span className="muted small" data-testid="job-cancel-note">
        {note}
      </span>
    </div>
  );
}

/** Cancel, for roles that may act; a viewer sees the job without it. */
function CancelJob({ id }: { id: string }) {
  return useCan('mutate') ? <CancelJobButton id={id} /> : null;
}

function CancelJobButton({ id }: { id: string }) {
  const cancel = useCancelJob();
  return (
    <div className="job-row__actions">
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="job-cancel"
        disabled={cancel.isPending}
        onClick={() => cancel.mutate(id)}
      >
        Cancel
      </button>
      {cancel.error && (
        <span className="text-danger small" role="alert" data-testid="job-cancel-error">
          <Name value={errorMessage(cancel.error)} />
        </span>
      )}
    </div>
  );
}
