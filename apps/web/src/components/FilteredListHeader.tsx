import type { ReactNode } from 'react';
import { DocumentTitle } from './DocumentTitle';
import { FilterBar } from './FilterBar';
import { PageHeader } from './PageHeader';

/**
 * The head of a filtered list page (jobs, audit): its title, an "Export CSV" link that takes
 * every match of the filters (not only the page shown), and the filter bar.
 */
export function FilteredListHeader({
  documentTitle,
  title,
  subtitle,
  csvHref,
  csvTestId,
  filterLabel,
  children,
}: {
  documentTitle: string;
  title: string;
  subtitle: string;
  csvHref: string;
  csvTestId: string;
  filterLabel: string;
  /** The filters. */
  children: ReactNode;
}) {
  return (
    <>
      <DocumentTitle parts={[documentTitle]} />
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={
          <a className="button button--secondary" href={csvHref} data-testid={csvTestId}>
            Export CSV
          </a>
        }
      />
      <FilterBar label={filterLabel}>{children}</FilterBar>
    </>
  );
}
