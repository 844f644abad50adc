import type { AuditEntry } from '@poolwatch/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { auditQuery } from '../../api/admin';
import { Card } from '../../components/Card';
import { DocumentTitle } from '../../components/DocumentTitle';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loading } from '../../components/QueryStates';
import { formatTime } from '../../lib/time';

const OUTCOME_TONE: Record<AuditEntry['outcome'], string> = {
  ok: 'success',
  denied: 'warning',
  failed: 'danger',
};

/** Parameters as one line: `{"name":"copy","format":"raw"}` reads fine in a cell. */
function paramsText(params: AuditEntry['params']): string {
  if (params === null || Object.keys(params).length === 0) return '';
  return JSON.stringify(params);
}

/** `?before=` from the URL: a positive entry id, or null for the newest page. */
function cursor(value: string | null): number | null {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : null;
}

/** `/admin/audit`: who did what, newest first; "Older" pages with `before`. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const before = cursor(params.get('before'));
  const page = useQuery({ ...auditQuery(before), placeholderData: keepPreviousData });
  const entries = page.data?.entries ?? [];
  const nextBefore = page.data?.nextBefore ?? null;

  return (
    <>
      <DocumentTitle parts={['Audit']} />
      <PageHeader title="Audit log" subtitle="Sign-ins and every action, allowed or refused." />
      <Card title={before === null ? 'Newest entries' : `Entries before #${before}`}>
        {page.error && (
          <ErrorAlert
            error={page.error}
            title="Could not load the audit log"
            onRetry={() => void page.refetch()}
          />
        )}
        {page.isPending && <Loading label="Loading the audit log…" />}
        {page.data && entries.length === 0 && <EmptyState title="No entries" />}
        {entries.length > 0 && (
          <div className="table-scroll">
            <table className="table audit-table" aria-label="Audit log">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">User</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Params</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">IP</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id} data-testid="audit-row" data-audit-id={entry.id}>
                    <td className="mono small nowrap">{formatTime(entry.time)}</td>
                    <td>
                      {entry.actor}
                      {entry.actorKind !== 'user' && (
                        <span className="muted small"> ({entry.actorKind})</span>
                      )}
                    </td>
                    <td className="mono small nowrap">{entry.action}</td>
                    <td className="mono small wrap">{entry.target ?? ''}</td>
                    <td className="mono small audit-params">{paramsText(entry.params)}</td>
                    <td>
                      <span
                        className={`state-label state-label--${OUTCOME_TONE[entry.outcome]}`}
                        data-testid="audit-outcome"
                      >
                        {entry.outcome}
                        {entry.status !== null && ` (${entry.status})`}
                        {entry.count > 1 && ` ×${entry.count}`}
                      </span>
                      {entry.message && <div className="muted small wrap">{entry.message}</div>}
                      {entry.jobId && (
                        <div className="muted small mono" data-testid="audit-job">
                          job {entry.jobId}
                        </div>
                      )}
                    </td>
                    <td className="mono small">{entry.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="pager">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={before === null}
            onClick={() => setParams({})}
          >
            Newest
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="audit-older"
            disabled={nextBefore === null || page.isFetching}
            onClick={() => setParams({ before: String(nextBefore) })}
          >
            Older
          </button>
          {page.isFetching && !page.isPending && <span className="muted small">Loading…</span>}
        </div>
      </Card>
    </>
  );
}
