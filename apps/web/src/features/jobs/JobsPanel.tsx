import { useMutationState, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { activeJobs, finishedJobs, jobsQuery } from '../../api/jobs';
import { UPLOAD_MUTATION_KEY, type UploadVariables } from '../../api/jobMutations';
import { errorMessage } from '../../api/http';
import { ErrorAlert } from '../../components/QueryStates';
import { useSession } from '../../auth/useSession';
import { JobRow } from './JobRow';
import { useJobEndNotifications } from './jobNotifications';
import { Name } from '../../components/Name';
import { readStored, writeStored } from '../../lib/storage';

/** Where a collapsed jobs panel is remembered, across reloads and pages. */
export const JOBS_PANEL_KEY = 'poolwatch.jobsPanel';

/**
 * Storage jobs, on every page: what runs now and what ran lately. The list lives in the query
 * cache and is kept current by `job:updated` / `job:progress` events (see realtime/jobSync).
 */
export function JobsPanel() {
  const jobs = useQuery(jobsQuery());
  const [open, setOpen] = useState(() => readStored(JOBS_PANEL_KEY) !== 'collapsed');
  const bodyId = useId();
  const active = activeJobs(jobs.data ?? []);
  const history = finishedJobs(jobs.data ?? []);
  const session = useSession();
  const notify = useJobEndNotifications(jobs.data ?? [], session?.user ?? null);

  return (
    <aside
      className={`jobs-panel${open ? '' : ' jobs-panel--collapsed'}`}
      data-testid="jobs-panel"
      aria-label="Storage jobs"
    >
      <header className="jobs-panel__header">
        <h2>Jobs</h2>
        <span className="muted small" data-testid="jobs-active-count">
          {active.length} active
        </span>
        {notify.supported && (
          <label className="small jobs-panel__notify">
            <input
              type="checkbox"
              data-testid="jobs-notify"
              checked={notify.enabled}
              onChange={(e) => void notify.setEnabled(e.target.checked)}
            />{' '}
            Notify me
          </label>
        )}
        <button
          type="button"
          className="button button--link button--small"
          data-testid="jobs-panel-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => {
            writeStored(JOBS_PANEL_KEY, open ? 'collapsed' : 'open');
            setOpen(!open);
          }}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      <div id={bodyId} className="jobs-panel__body" hidden={!open}>
        {jobs.error && !jobs.data && (
          <ErrorAlert
            error={jobs.error}
            title="Could not load jobs"
            onRetry={() => void jobs.refetch()}
          />
        )}
        <UploadFailures />
        <section aria-label="Active jobs" data-testid="jobs-active">
          <h3 className="jobs-panel__title">Active</h3>
          {active.length === 0 ? (
            <p className="muted small jobs-panel__empty">Nothing running.</p>
          ) : (
            <ul className="jobs-panel__list">
              {active.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Job history" data-testid="jobs-history">
          <h3 className="jobs-panel__title">History</h3>
          {history.length === 0 ? (
            <p className="muted small jobs-panel__empty">No finished jobs yet.</p>
          ) : (
            <ul className="jobs-panel__list">
              {history.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </aside>
  );
}

/**
 * An upload the server refused before any job existed (409 name taken, 413 too large...):
 * the dialog that started it is closed by then, so the panel says it.
 */
function UploadFailures() {
  const failures = useMutationState({
    filters: { mutationKey: UPLOAD_MUTATION_KEY, status: 'error' },
    select: (mutation) => ({
      id: mutation.mutationId,
      name: (mutation.state.variables as UploadVariables | undefined)?.file.name ?? '',
      message: errorMessage(mutation.state.error),
    }),
  });
  if (failures.length === 0) return null;
  return (
    <ul className="jobs-panel__list">
      {failures.slice(-3).map((f) => (
        <li key={f.id} className="job-row job-row--failed" data-testid="upload-error">
          <span className="strong">
            Upload of <Name value={f.name} /> failed:{' '}
          </span>
          <span className="text-danger">
            <Name value={f.message} />
          </span>
        </li>
      ))}
    </ul>
  );
}
