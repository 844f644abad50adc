import { JobKindSchema, JobStateSchema } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { JOB_FILTERS, jobsCsvHref, jobsPageQuery, type JobFilters } from '../../api/jobHistory';
import { DocumentTitle } from '../../components/DocumentTitle';
import { Name } from '../../components/Name';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loading } from '../../components/QueryStates';
import { routes } from '../../lib/routes';
import { KIND_WORDS, STATE_TONE, targetText } from './jobLabels';

const STATES = ['active', 'finished', ...JobStateSchema.options];

/**
 * Every job, newest first. The filters and the page's cursor live in the URL, so a filtered
 * view can be bookmarked and Back goes to the previous page.
 */
export function JobsPage() {
  const [search, setSearch] = useSearchParams();
  const filters: JobFilters = {};
  for (const key of JOB_FILTERS) {
    const value = search.get(key);
    if (value) filters[key] = value;
  }
  const cursor = search.get('cursor');
  const page = useQuery(jobsPageQuery(filters, cursor));

  const setFilter = (key: (typeof JOB_FILTERS)[number], value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('cursor'); // a new filter starts at the newest job
    setSearch(next);
  };
  const goTo = (nextCursor: string | null) => {
    const next = new URLSearchParams(search);
    if (nextCursor) next.set('cursor', nextCursor);
    else next.delete('cursor');
    setSearch(next);
  };

  return (
    <>
      <DocumentTitle parts={['Jobs']} />
      <PageHeader
        title="Jobs"
        subtitle="Every storage job, newest first."
        actions={
          <a
            className="button button--secondary"
            href={jobsCsvHref(filters)}
            data-testid="jobs-export"
          >
            Export CSV
          </a>
        }
      />
      <form className="jobs-filters" aria-label="Filter jobs" onSubmit={(e) => e.preventDefault()}>
        <TextFilter label="Host" name="host" filters={filters} onChange={setFilter} />
        <TextFilter label="Pool" name="pool" filters={filters} onChange={setFilter} />
        <label>
          Kind
          <select
            value={filters.kind ?? ''}
            data-testid="filter-kind"
            onChange={(e) => setFilter('kind', e.target.value)}
          >
            <option value="">any</option>
            {JobKindSchema.options.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_WORDS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select
            value={filters.state ?? ''}
            data-testid="filter-state"
            onChange={(e) => setFilter('state', e.target.value)}
          >
            <option value="">any</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </label>
        <label>
          Origin
          <select
            value={filters.origin ?? ''}
            data-testid="filter-origin"
            onChange={(e) => setFilter('origin', e.target.value)}
          >
            <option value="">any</option>
            <option value="poolwatch">Poolwatch</option>
            <option value="external">external</option>
          </select>
        </label>
        <TextFilter label="User" name="user" filters={filters} onChange={setFilter} />
        <TextFilter
          label="From"
          name="from"
          type="datetime-local"
          filters={filters}
          onChange={setFilter}
        />
        <TextFilter
          label="To"
          name="to"
          type="datetime-local"
          filters={filters}
          onChange={setFilter}
        />
      </form>
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
          <table className="table jobs-table" data-testid="jobs-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">Target</th>
                <th scope="col">Host</th>
                <th scope="col">State</th>
                <th scope="col">User</th>
              </tr>
            </thead>
            <tbody>
              {page.data.jobs.map((job) => (
                <tr key={job.id} data-testid="jobs-table-row" data-job-id={job.id}>
                  <td>
                    <Link to={routes.job(job.id)}>{new Date(job.createdAt).toLocaleString()}</Link>
                  </td>
                  <td>{KIND_WORDS[job.kind]}</td>
                  <td className="mono small">
                    <Name value={targetText(job)} />
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
            </tbody>
          </table>
          {page.data.jobs.length === 0 && <p className="muted">No job matches these filters.</p>}
          <nav className="jobs-pager" aria-label="Pages">
            <button
              type="button"
              className="button button--secondary"
              disabled={cursor === null}
              onClick={() => goTo(null)}
            >
              Newest
            </button>
            <button
              type="button"
              className="button button--secondary"
              data-testid="jobs-next"
              disabled={page.data.nextCursor === null}
              onClick={() => goTo(page.data.nextCursor)}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </>
  );
}

function TextFilter({
  label,
  name,
  type = 'search',
  filters,
  onChange,
}: {
  label: string;
  name: (typeof JOB_FILTERS)[number];
  type?: string;
  filters: JobFilters;
  onChange: (key: (typeof JOB_FILTERS)[number], value: string) => void;
}) {
  return (
    <label>
      {label}
      <input
        type={type}
        name={name}
        data-testid={`filter-${name}`}
        defaultValue={filters[name] ?? ''}
        onBlur={(e) => onChange(name, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange(name, e.currentTarget.value);
        }}
      />
    </label>
  );
}
