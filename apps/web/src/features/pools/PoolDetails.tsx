import type { PoolDetail } from '@poolwatch/shared';
import { Bytes } from '../../components/Bytes';
import { CapacityBar } from '../../components/CapacityBar';
import { CodeBlock } from '../../components/CodeBlock';
import { FieldList, OrDash } from '../../components/FieldList';
import { Name } from '../../components/Name';
import { formatBoolean } from '../../lib/format';

/** The pool's own fields, and its XML behind a disclosure. */
export function PoolDetails({ pool }: { pool: PoolDetail }) {
  return (
    <div data-testid="pool-detail">
      <FieldList
        fields={[
          { label: 'Type', value: pool.type },
          {
            label: 'Usage',
            value: (
              <CapacityBar
                capacity={pool.capacity}
                allocation={pool.allocation}
                available={pool.available}
                error={pool.error}
                testIdPrefix="pool-detail"
              />
            ),
          },
          {
            label: 'Available',
            value: (
              <Bytes value={pool.available} error={pool.error} testId="pool-detail-available" />
            ),
          },
          ...(pool.error
            ? [{ label: 'Error', value: <span className="text-danger">{pool.error}</span> }]
            : []),
          { label: 'Volumes', value: <OrDash value={pool.volumeCount} /> },
          { label: 'Autostart', value: formatBoolean(pool.autostart) },
          { label: 'Persistent', value: formatBoolean(pool.persistent) },
          {
            label: 'Target path',
            value: (
              <OrDash value={pool.targetPath === null ? null : <Name value={pool.targetPath} />} />
            ),
            mono: true,
          },
          { label: 'UUID', value: pool.uuid, mono: true },
        ]}
      />
      <details className="disclosure">
        <summary>Pool XML</summary>
        <CodeBlock text={pool.xml} testId="pool-xml" label="Pool XML" />
      </details>
    </div>
  );
}
