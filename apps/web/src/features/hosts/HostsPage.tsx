import { useQuery } from '@tanstack/react-query';
import { hostsQuery } from '../../api/queries';
import { DocumentTitle } from '../../components/DocumentTitle';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loading } from '../../components/QueryStates';
import { HostRow } from './HostRow';

/** `/`: every configured host, its connection and a summary of its pools. */
export function HostsPage() {
  const hosts = useQuery(hostsQuery());

  return (
    <>
      <DocumentTitle parts={['Hosts']} />
      <PageHeader title="Hosts" subtitle="libvirt connections watched by this Poolwatch server" />
      {hosts.error && (
        <ErrorAlert
          error={hosts.error}
          title="Could not load hosts"
          onRetry={() => void hosts.refetch()}
        />
      )}
      {hosts.isPending && <Loading label="Loading hosts…" />}
      {hosts.data?.length === 0 && (
        <EmptyState title="No hosts configured">
          Add libvirt connections to the Poolwatch server configuration.
        </EmptyState>
      )}
      {hosts.data && hosts.data.length > 0 && (
        <section className="card">
          <table className="table" aria-label="Hosts">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">State</th>
                <th scope="col">libvirt</th>
                <th scope="col">Storage pools</th>
              </tr>
            </thead>
            <tbody>
              {hosts.data.map((host) => (
                <HostRow key={host.id} host={host} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
