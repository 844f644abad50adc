import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useHostRoute } from '../../app/routeParams';
import { poolsQuery } from '../../api/queries';
import { DocumentTitle } from '../../components/DocumentTitle';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/QueryStates';
import { HostStateLabel } from '../../components/StateLabel';
import { useServerUnreachable } from '../../realtime/connectionStatus';
import { SectionQueryState, UnreachableFromErrors } from '../hosts/HostErrors';
import { useHostContext } from '../hosts/hostContext';
import { PoolsTable } from './PoolsTable';
import { Card } from '../../components/Card';
import { DefinePoolDialog } from './DefinePoolDialog';
import { Can } from '../../auth/Can';

/** `/hosts/:hostId`: the storage pools of one host. */
export function PoolsPage() {
  const { hostId } = useHostRoute();
  const { host } = useHostContext();
  const serverUnreachable = useServerUnreachable();
  const pools = useQuery(poolsQuery(hostId));
  const [defining, setDefining] = useState(false);

  return (
    <>
      <DocumentTitle parts={[host?.label ?? hostId]} />
      <PageHeader
        title={host?.label ?? hostId}
        badges={host && <HostStateLabel state={host.state} serverUnreachable={serverUnreachable} />}
        subtitle={
          host && (
            <>
              <span className="mono">{host.uri}</span>
              <span className="muted"> · libvirt {host.libvirtVersion ?? 'unknown'}</span>
            </>
          )
        }
        actions={
          <Can do="mutate">
            <button
              type="button"
              className="button button--primary"
              data-testid="define-pool"
              onClick={() => setDefining(true)}
            >
              Define pool
            </button>
          </Can>
        }
      />
      {defining && <DefinePoolDialog hostId={hostId} onClose={() => setDefining(false)} />}
      <UnreachableFromErrors errors={[pools.error]} />
      <Card
        title="Storage pools"
        extra={pools.data && <span className="muted">{pools.data.length}</span>}
      >
        <SectionQueryState
          query={pools}
          errorTitle="Could not load storage pools"
          loadingLabel="Loading storage pools…"
        />
        {pools.data?.length === 0 && <EmptyState title="No storage pools on this host" />}
        {pools.data && pools.data.length > 0 && (
          <PoolsTable
            hostId={hostId}
            pools={pools.data}
            stale={
              (host && host.state !== 'connected') || pools.isError
                ? { reason: host?.error ?? pools.error?.message ?? null }
                : null
            }
          />
        )}
      </Card>
    </>
  );
}
