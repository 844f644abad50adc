import type { Job } from '@poolwatch/shared';
import { useState } from 'react';
import { errorMessage } from '../../api/http';
import { useJobLimit, usePauseJob, useResumeJob } from '../../api/jobMutations';
import { useCan } from '../../auth/useSession';
import { Name } from '../../components/Name';
import { limitWords } from './jobLabels';

const MiB = 1024 * 1024;

/**
 * Pause/Resume and the bandwidth limit of an active job (issue 11), only where the server
 * says something on the host enforces them (`pausable`, `limitable`): never a button that
 * does nothing. Viewers see the limit, not the controls. `compact` (a volume row's narrow
 * actions cell): Pause/Resume only; the limit is shown and changed in the jobs panel.
 */
export function JobHoldControls({ job, compact = false }: { job: Job; compact?: boolean }) {
  const canAct = useCan('mutate');
  const { bytesPerSecond, enforcedBy } = job.limits;
  const limit = limitWords(bytesPerSecond);
  const limitText = limit === null ? null : `limit ${limit}`;
  if (!canAct || (!job.pausable && !job.limitable)) {
    return limitText && !compact ? (
      <div className="muted small" data-testid="job-limit" title={enforcedBy ?? undefined}>
        {limitText}
      </div>
    ) : null;
  }
  return (
    <div className="job-row__actions" data-testid="job-hold">
      {job.pausable && (job.state === 'running' || job.state === 'paused') && (
        <PauseButton job={job} />
      )}
      {job.limitable && !compact && <LimitControl job={job} current={bytesPerSecond} />}
      {limitText && !compact && (
        <span className="muted small" data-testid="job-limit" title={enforcedBy ?? undefined}>
          {limitText}
        </span>
      )}
    </div>
  );
}

function PauseButton({ job }: { job: Job }) {
  const pause = usePauseJob();
  const resume = useResumeJob();
  const paused = job.state === 'paused';
  const action = paused ? resume : pause;
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid={paused ? 'job-resume' : 'job-pause'}
        disabled={action.isPending}
        onClick={() => action.mutate(job.id)}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      {action.error && (
        <span className="text-danger small" role="alert" data-testid="job-hold-error">
          <Name value={errorMessage(action.error)} />
        </span>
      )}
    </>
  );
}

function LimitControl({ job, current }: { job: Job; current: number | null }) {
  const limit = useJobLimit();
  const [mib, setMib] = useState(current === null ? '' : String(Math.round(current / MiB)));
  const value = Number(mib);
  const valid = mib !== '' && Number.isFinite(value) && value >= 1;
  return (
    <form
      className="job-limit"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) limit.mutate({ id: job.id, bytesPerSecond: Math.round(value * MiB) });
      }}
    >
      <label className="small">
        Limit (MiB/s){' '}
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          className="input input--small"
          data-testid="job-limit-input"
          value={mib}
          onChange={(event) => setMib(event.target.value)}
        />
      </label>{' '}
      <button
        type="submit"
        className="button button--secondary button--small"
        data-testid="job-limit-set"
        disabled={!valid || limit.isPending}
      >
        Set
      </button>{' '}
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="job-limit-none"
        disabled={current === null || limit.isPending}
        onClick={() => {
          setMib('');
          limit.mutate({ id: job.id, bytesPerSecond: null });
        }}
      >
        No limit
      </button>
      {limit.error && (
        <span className="text-danger small" role="alert" data-testid="job-limit-error">
          <Name value={errorMessage(limit.error)} />
        </span>
      )}
    </form>
  );
}
