import { AuditOutcomeSchema, type AuditEntry } from '@poolwatch/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AUDIT_FILTERS, auditCsvHref, auditQuery } from '../../api/admin';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { FilteredListHeader } from '../../components/FilteredListHeader';
import { Pager, SelectFilter, TextFilter, useUrlFilters } from '../../components/FilterBar';
import { Name } from '../../components/Name';
import { EmptyState, ErrorAlert, Loading } from '../../components/QueryStates';
import { paramLines } from '../../lib/auditParams';
import { formatTime } from '../../lib/time';

const OUTCOME_TONE: Record<AuditEntry['outcome'], string> = {
  ok: 'success',
  denied: 'warning',
  failed: 'danger',
};
const OUTCOME_OPTIONS = AuditOutcomeSchema.options.map((o) => ({ value: o, label: o }));
const AUDIT_COLUMNS = [
  { key: 'time', label: 'Time' },
  { key: 'user', label: 'User' },
  { key: 'action', label: 'Action' },
  { key: 'target', label: 'Target' },
  { key: 'params', label: 'Parameters' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'ip', label: 'IP' },
];

/** `?before=` from the URL: a positive entry id, or null for the newest page. */
function cursor(value: string | null): number | null {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : null;
}

/** Parameters one per line, sizes in units: `capacity: 4 GiB (4,294,967,296 bytes)`. */
function Params({ params }: { params: AuditEntry['params'] }) {
  const lines = paramLines(params);
  if (lines.length === 0) return null;
  return (
    <dl className="audit-params" data-testid="audit-params">
      {lines.map((line) => (
        <div key={line.key}>
          <dt>{line.key}</dt>
          <dd>
            <Name value={line.text} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * `/admin/audit`: who did what, newest first, filtered by user, action (`job.` for every
 * job action), outcome and time; "Older" pages with `before`; the export takes every match.
 */
export function AuditPage() {
  const { filters, setFilter, cursor: rawBefore, goTo } = useUrlFilters(AUDIT_FILTERS, 'before');
  const before = cursor(rawBefore);
  const page = useQuery({ ...auditQuery(filters, before), placeholderData: keepPreviousData });
  const entries = page.data?.entries ?? [];
  const filter = { filters, onChange: setFilter };

  return (
    <>
      <FilteredListHeader
        documentTitle="Audit"
        title="Audit log"
        subtitle="Sign-ins and every action, allowed or refused."
        csvHref={auditCsvHref(filters)}
        csvTestId="audit-export"
        filterLabel="Filter the audit log"
      >
        <TextFilter label="User" name="user" {...filter} />
        <TextFilter label="Action (job. for all job actions)" name="action" {...filter} />
        <SelectFilter label="Outcome" name="outcome" options={OUTCOME_OPTIONS} {...filter} />
        <TextFilter label="From" name="from" type="datetime-local" {...filter} />
        <TextFilter label="To" name="to" type="datetime-local" {...filter} />
      </FilteredListHeader>
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
          <DataTable label="Audit log" columns={AUDIT_COLUMNS} className="audit-table">
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" data-audit-id={entry.id}>
                <td className="mono small nowrap">{formatTime(entry.time)}</td>
                <td>
                  <Name value={entry.actor} />
                  {entry.actorKind !== 'user' && (
                    <span className="muted small"> ({entry.actorKind})</span>
                  )}
                </td>
                <td className="mono small nowrap">{entry.action}</td>
                <td className="mono small wrap">
                  <Name value={entry.target ?? ''} />
                </td>
                <td className="small">
                  <Params params={entry.params} />
                </td>
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
          </DataTable>
        )}
        <Pager
          atNewest={before === null}
          next={page.data?.nextBefore == null ? null : String(page.data.nextBefore)}
          onGo={goTo}
          busy={page.isFetching && !page.isPending}
          testId="audit-older"
        />
      </Card>
    </>
  );
}
