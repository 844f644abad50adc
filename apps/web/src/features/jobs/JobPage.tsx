import { isActiveJobState, jobParamFields, type Job } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { jobQuery, jobTimelineQuery } from '../../api/jobHistory';
import { DocumentTitle } from '../../components/DocumentTitle';
import { FieldList, type Field } from '../../components/FieldList';
import { JobProgressBar } from '../../components/JobProgressBar';
import { Name } from '../../components/Name';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loading } from '../../components/QueryStates';
import { formatBytes } from '../../lib/format';
import { routes } from '../../lib/routes';
import { JobRateChart } from './JobRateChart';
import { KIND_WORDS, STATE_TONE, jobDuration, targetText } from './jobLabels';
import { plainSource } from './plainWords';
import { resumedAtText, resumedFromOf } from './uploadResume';

/** One job: its parameters (sizes as sizes), who started it, its timeline and rate chart. */
export function JobPage() {
  const { id = '' } = useParams();
  const job = useQuery(jobQuery(id));
  const active = job.data ? isActiveJobState(job.data.state) : false;
  const timeline = useQuery({ ...jobTimelineQuery(id, active), enabled: job.isSuccess });

  if (job.error) return <ErrorAlert error={job.error} title="Could not load the job" />;
  if (!job.data) return <Loading label="Loading the job" />;
  const j = job.data;
  return (
    <>
      <DocumentTitle parts={[KIND_WORDS[j.kind], 'Jobs']} />
      <PageHeader
        title={`${KIND_WORDS[j.kind]}: ${targetText(j)}`}
        subtitle={<Link to={routes.jobs()}>All jobs</Link>}
        badges={
          <span
            className={`state-label state-label--${STATE_TONE[j.state]}`}
            data-testid="job-page-state"
          >
            {j.state}
          </span>
        }
      />
      {active && (
        <JobProgressBar progress={j.progress} queued={j.state === 'queued'} label="Progress" />
      )}
      <section aria-labelledby="job-about">
        <h2 id="job-about">About</h2>
        <FieldList fields={aboutFields(j)} />
      </section>
      <section aria-labelledby="job-params">
        <h2 id="job-params">Parameters</h2>
        <dl className="field-list" data-testid="job-page-params">
          {jobParamFields(j.params).map((field) => (
            <div className="field-list__item" key={field.key} data-param={field.key}>
              <dt>{field.key}</dt>
              <dd>
                {field.unit === 'bytes' && typeof field.value === 'number'
                  ? formatBytes(field.value)
                  : paramText(field.value)}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="job-rate">
        <h2 id="job-rate">Rate over time</h2>
        {timeline.data && <JobRateChart samples={timeline.data.samples} />}
      </section>
      <section aria-labelledby="job-timeline">
        <h2 id="job-timeline">Timeline</h2>
        {timeline.error && (
          <ErrorAlert error={timeline.error} title="Could not load the timeline" />
        )}
        <ol className="job-timeline" data-testid="job-timeline">
          {timeline.data?.events.map((event, i) => (
            <li key={`${event.at}-${i}`} data-event={event.type}>
              <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>{' '}
              <Name value={event.message} />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function aboutFields(j: Job): Field[] {
  const { pool, volume, targetPool, targetVolume } = j.target;
  const fields: Field[] = [
    { label: 'Started by', value: j.startedBy ?? '—' },
    { label: 'Host', value: <Link to={routes.host(j.hostId)}>{j.hostId}</Link> },
    {
      label: 'Pool',
      value: (
        <Link to={routes.pool(j.hostId, pool)}>
          <Name value={pool} />
        </Link>
      ),
    },
  ];
  if (volume !== null)
    fields.push({
      label: 'Volume',
      value: (
        <Link to={routes.volume(j.hostId, pool, volume)}>
          <Name value={volume} />
        </Link>
      ),
    });
  if (targetVolume !== null) {
    const tp = targetPool ?? pool;
    fields.push({
      label: 'Target volume',
      value: (
        <Link to={routes.volume(j.hostId, tp, targetVolume)} data-testid="job-target-link">
          <Name value={`${tp}/${targetVolume}`} />
        </Link>
      ),
    });
  }
  fields.push(
    { label: 'Queued', value: new Date(j.createdAt).toLocaleString() },
    { label: 'Ran for', value: jobDuration(j) ?? '—' },
    { label: 'How', value: plainSource(j.progress.source) },
    { label: 'Progress source', value: j.progress.source, mono: true },
  );
  const resumedAt = resumedAtText(j);
  if (resumedAt)
    fields.push({
      label: 'Resumed',
      value: (
        <span data-testid="job-page-resumed" data-resumed-from={resumedFromOf(j)}>
          {resumedAt}
        </span>
      ),
    });
  if (j.cancelledBy) fields.push({ label: 'Cancelled by', value: j.cancelledBy });
  if (j.error)
    fields.push({ label: 'Error', value: <Name value={`${j.error.id}: ${j.error.message}`} /> });
  return fields;
}

function paramText(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
