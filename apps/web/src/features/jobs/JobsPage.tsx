import { JobKindSchema, JobStateSchema } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { JOB_FILTERS, jobsCsvHref, jobsPageQuery } from '../../api/jobHistory';
import { DataTable } from '../../components/DataTable';
import { FilteredListHeader } from '../../components/FilteredListHeader';
import { Pager, SelectFilter, TextFilter, useUrlFilters } from '../../components/FilterBar';
import { TruncatedName } from '../../components/Name';
import { ErrorAlert, Loading } from '../../components/QueryStates';
import { routes } from '../../lib/routes';
import { KIND_WORDS, STATE_TONE, targetText } from './jobLabels';

const STATES = ['active', 'finished', ...JobStateSchema.options];

const JOB_COLUMNS = [
  { key: 'started', label: 'Started' },
  { key: 'kind', label: 'Kind' },
  { key: 'target', label: 'Target' },
  { key: 'host', label: 'Host' },
  { key: 'state', label: 'State' },
  { key: 'user', label: 'User' },
];
const KIND_OPTIONS = JobKindSchema.options.map((kind) => ({
  value: kind,
  label: KIND_WORDS[kind],
}));
const STATE_OPTIONS = STATES.map((state) => ({ value: state, label: state }));
const ORIGIN_OPTIONS = [
  { value: 'poolwatch', label: 'Poolwatch' },
  { value: 'external', label: 'external' },
];

/**
 * Every job, newest first. The filters and the page's cursor live in the URL, so a filtered
 * view can be bookmarked and Back goes to the previous page.
 */
export function JobsPage() {
  const { filters, setFilter, cursor, goTo } = useUrlFilters(JOB_FILTERS, 'cursor');
  const page = useQuery(jobsPageQuery(filters, cursor));
  const filter = { filters, onChange: setFilter };

  return (
    <>
      <FilteredListHeader
        documentTitle="Jobs"
        title="Jobs"
        subtitle="Every storage job, newest first."
        csvHref={jobsCsvHref(filters)}
        csvTestId="jobs-export"
        filterLabel="Filter jobs"
      >
        <TextFilter label="Host" name="host" {...filter} />
        <TextFilter label="Pool" name="pool" {...filter} />
        <SelectFilter label="Kind" name="kind" options={KIND_OPTIONS} {...filter} />
        <SelectFilter label="State" name="state" options={STATE_OPTIONS} {...filter} />
        <SelectFilter label="Origin" name="origin" options={ORIGIN_OPTIONS} {...filter} />
        <TextFilter label="User" name="user" {...filter} />
        <TextFilter label="From" name="from" type="datetime-local" {...filter} />
        <TextFilter label="To" name="to" type="datetime-local" {...filter} />
      </FilteredListHeader>
      {page.error && (
        <ErrorAlert
          error={page.error}
          title="Could not load jobs"
          onRetry={() => void page.refetch()}
        />
      )}
      {page.isPending && <Loading label="Loading jobs" />}
      {page.data && (
        <>
          <DataTable label="Jobs" columns={JOB_COLUMNS} className="jobs-table" testId="jobs-table">
            {page.data.jobs.map((job) => (
              <tr key={job.id} data-testid="jobs-table-row" data-job-id={job.id}>
                <td>
                  <Link to={routes.job(job.id)}>{new Date(job.createdAt).toLocaleString()}</Link>
                </td>
                <td>{KIND_WORDS[job.kind]}</td>
                <td className="mono small">
                  <TruncatedName value={targetText(job)} />
                </td>
                <td>{job.hostId}</td>
                <td>
                  <span className={`state-label state-label--${STATE_TONE[job.state]}`}>
                    {job.state}
                  </span>
                </td>
                <td>{job.startedBy ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
          {page.data.jobs.length === 0 && <p className="muted">No job matches these filters.</p>}
          <Pager
            atNewest={cursor === null}
            next={page.data.nextCursor}
            onGo={goTo}
            testId="jobs-next"
          />
        </>
      )}
    </>
  );
}
