import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useVolumeRoute } from '../../app/routeParams';
import { volumeQuery } from '../../api/queries';
import { Bytes } from '../../components/Bytes';
import { CodeBlock } from '../../components/CodeBlock';
import { DocumentTitle } from '../../components/DocumentTitle';
import { FieldList, OrDash } from '../../components/FieldList';
import { Name } from '../../components/Name';
import { PageHeader } from '../../components/PageHeader';
import { formatPercent } from '../../lib/format';
import { routes } from '../../lib/routes';
import { SectionQueryState, UnreachableFromErrors } from '../hosts/HostErrors';
import { useHostContext } from '../hosts/hostContext';
import { BackingStore, VolumeUsersList } from './VolumeUsers';
import { Card } from '../../components/Card';

/** `/hosts/:hostId/pools/:pool/volumes/:volume`: every field, exact bytes, and the XML. */
export function VolumeDetailPage() {
  const { hostId, pool, volume } = useVolumeRoute();
  const { host } = useHostContext();
  const detail = useQuery(volumeQuery(hostId, pool, volume));
  const data = detail.data;

  return (
    <div className="stack" data-testid="volume-detail">
      <DocumentTitle parts={[volume, pool, host?.label ?? hostId]} />
      <PageHeader
        title={<Name value={data?.name ?? volume} testId="volume-name" />}
        subtitle={
          <>
            Volume in pool{' '}
            <Link to={routes.pool(hostId, pool)}>
              <Name value={pool} />
            </Link>{' '}
            on {host?.label ?? hostId}
          </>
        }
      />
      <UnreachableFromErrors errors={[detail.error]} />
      <SectionQueryState
        query={detail}
        errorTitle="Could not load the volume"
        loadingLabel="Loading volume…"
      />
      {data && (
        <>
          <Card title="Details">
            <FieldList
              fields={[
                { label: 'Name', value: <Name value={data.name} />, mono: true },
                { label: 'Path', value: <Name value={data.path} />, mono: true },
                { label: 'Key', value: <Name value={data.key} />, mono: true },
                { label: 'Type', value: data.type },
                { label: 'Format', value: <OrDash value={data.format} /> },
                {
                  label: 'Capacity',
                  value: (
                    <Bytes
                      value={data.capacity}
                      error={data.error}
                      testId="volume-detail-capacity"
                      exact
                    />
                  ),
                },
                {
                  label: 'Allocation',
                  value: (
                    <>
                      <Bytes
                        value={data.allocation}
                        error={data.error}
                        testId="volume-detail-allocation"
                        exact
                      />
                      {data.capacity !== null && data.capacity > 0 && (
                        <span className="muted">
                          {' '}
                          · {formatPercent(data.allocation, data.capacity)} of capacity
                        </span>
                      )}
                    </>
                  ),
                },
                {
                  label: 'Used by',
                  value: <VolumeUsersList hostId={hostId} users={data.usedBy} />,
                },
                {
                  label: 'Backing store',
                  value: (
                    <OrDash
                      value={
                        data.backingStore === null ? null : (
                          <BackingStore hostId={hostId} volume={data} />
                        )
                      }
                    />
                  ),
                  mono: true,
                },
              ]}
            />
          </Card>
          <Card title="XML">
            <CodeBlock text={data.xml} testId="volume-xml" label="Volume XML" />
          </Card>
        </>
      )}
    </div>
  );
}
