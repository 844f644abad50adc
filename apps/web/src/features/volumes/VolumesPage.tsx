import type { PoolState } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { usePoolRoute } from '../../app/routeParams';
import { isApiRequestError, isNotFound } from '../../api/http';
import { poolQuery, poolsQuery, volumesQuery } from '../../api/queries';
import { DocumentTitle } from '../../components/DocumentTitle';
import { Name } from '../../components/Name';
import { PageHeader } from '../../components/PageHeader';
import { Notice } from '../../components/QueryStates';
import { StateLabel } from '../../components/StateLabel';
import { SectionQueryState, UnreachableFromErrors } from '../hosts/HostErrors';
import { useHostContext } from '../hosts/hostContext';
import { PoolDetails } from '../pools/PoolDetails';
import { PoolHistoryChart } from '../capacity/PoolHistoryChart';
import { VolumesTable } from './VolumesTable';
import { Card } from '../../components/Card';
import { PoolActions } from '../pools/PoolActions';
import { CreateVolumeDialog } from './actions/CreateVolumeDialog';
import { UploadDropzone } from './actions/UploadDropzone';
import { Can } from '../../auth/Can';

/** Only a running pool has volumes to list (the BFF answers 409 pool_inactive otherwise). */
const LISTABLE: ReadonlySet<PoolState> = new Set(['running']);

const isPoolInactive = (error: unknown) => isApiRequestError(error) && error.id === 'pool_inactive';

/** `/hosts/:hostId/pools/:pool`: the pool, then its volumes. */
export function VolumesPage() {
  const { hostId, pool } = usePoolRoute();
  const { host } = useHostContext();
  const detail = useQuery(poolQuery(hostId, pool));
  // The pool list, if cached (we usually come from it), knows the state before the pool loads.
  const listed = useQuery({
    ...poolsQuery(hostId),
    enabled: false,
    select: (pools) => pools.find((p) => p.name === pool),
  });
  const [creating, setCreating] = useState(false);
  const poolData = detail.data ?? listed.data;
  const state = detail.data?.state ?? listed.data?.state;
  const knownDown = state !== undefined && !LISTABLE.has(state);
  const poolMissing = isNotFound(detail.error) && !detail.data;
  // Fetched alongside the pool, not after it; but not for a pool known to be down or gone.
  // (Only the pool's state disables it: once the pool runs again, the volumes load.)
  const volumes = useQuery({
    ...volumesQuery(hostId, pool),
    enabled: !knownDown && !poolMissing,
  });
  // The pool may also stop between the two answers: the BFF then says pool_inactive.
  const notRunning = knownDown || (isPoolInactive(volumes.error) && !volumes.data);

  return (
    <>
      <DocumentTitle parts={[pool, host?.label ?? hostId]} />
      <PageHeader
        title={<Name value={pool} />}
        badges={detail.data && <StateLabel state={detail.data.state} />}
        subtitle={<>Storage pool on {host?.label ?? hostId}</>}
        actions={poolData && <PoolActions hostId={hostId} pool={poolData} />}
      />
      <UnreachableFromErrors errors={[detail.error, volumes.error]} />

      <Card title="Pool">
        <SectionQueryState
          query={detail}
          errorTitle="Could not load the pool"
          loadingLabel="Loading pool…"
        />
        {detail.data && <PoolDetails pool={detail.data} />}
      </Card>

      {!poolMissing && (
        <Card title="Capacity history">
          <PoolHistoryChart hostId={hostId} pool={pool} />
        </Card>
      )}

      {!poolMissing && (
        <Card
          title="Volumes"
          extra={
            !notRunning && (
              <Can do="mutate">
                <button
                  type="button"
                  className="button button--primary button--small card__action"
                  data-testid="create-volume"
                  onClick={() => setCreating(true)}
                >
                  Create volume
                </button>
              </Can>
            )
          }
        >
          {notRunning ? (
            <Notice tone="warning" testId="pool-not-running">
              This pool is not running ({state}), so its volumes cannot be listed. Start the pool to
              see them.
            </Notice>
          ) : (
            <>
              <SectionQueryState
                query={volumes}
                errorTitle="Could not load volumes"
                loadingLabel="Loading volumes…"
              />
              <UploadDropzone hostId={hostId} pool={pool} />
              {volumes.data && <VolumesTable hostId={hostId} pool={pool} volumes={volumes.data} />}
            </>
          )}
        </Card>
      )}
      {creating && (
        <CreateVolumeDialog hostId={hostId} pool={pool} onClose={() => setCreating(false)} />
      )}
    </>
  );
}
