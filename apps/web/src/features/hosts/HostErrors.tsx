import { isHostUnreachable } from '../../api/http';
import { HostUnreachableBanner } from '../../components/HostUnreachableBanner';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorAlert, Loading } from '../../components/QueryStates';
import { useHostContext } from './hostContext';

/**
 * One unreachable banner per page: if any of the page's queries failed because the host is
 * unreachable and HostLayout is not already showing the banner (the host list still thinks
 * the host is fine), show it here, with the API's reason.
 */
export function UnreachableFromErrors({ errors }: { errors: unknown[] }) {
  const { hostId, host, bannerShown } = useHostContext();
  const error = errors.find(isHostUnreachable);
  if (!error || bannerShown) return null;
  return <HostUnreachableBanner label={host?.label ?? hostId} reason={error.message} />;
}

/**
 * A section's error. "Host unreachable" is explained by the page banner, so the section only
 * says it has nothing to show (unless it still shows the last known data).
 */
export function SectionError({
  error,
  title,
  onRetry,
  hasData = false,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
  hasData?: boolean;
}) {
  if (!error) return null;
  if (isHostUnreachable(error)) {
    return hasData ? null : (
      <p className="section-note muted">Unavailable while the host is unreachable.</p>
    );
  }
  return <ErrorAlert error={error} title={title} onRetry={onRetry} />;
}

/** How every section shows its query: the error (as SectionError) and a loading spinner. */
export function SectionQueryState({
  query,
  errorTitle,
  loadingLabel,
}: {
  query: Pick<UseQueryResult<unknown>, 'error' | 'data' | 'isPending' | 'refetch'>;
  errorTitle: string;
  loadingLabel: string;
}) {
  return (
    <>
      <SectionError
        error={query.error}
        title={errorTitle}
        onRetry={() => void query.refetch()}
        hasData={query.data !== undefined}
      />
      {query.isPending && <Loading label={loadingLabel} />}
    </>
  );
}
