import type { Pool } from '@poolwatch/shared';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { Bytes } from '../../components/Bytes';
import { CapacityBar } from '../../components/CapacityBar';
import { Name, TruncatedName } from '../../components/Name';
import { StateLabel } from '../../components/StateLabel';
import { formatBoolean } from '../../lib/format';
import { compareNatural } from '../../lib/naturalSort';
import { onRowClick } from '../../lib/rowClick';
import { isAddressableName, routes } from '../../lib/routes';
import { PoolActions } from './PoolActions';
import { PoolFullChip } from '../capacity/FullChip';
import { useCan } from '../../auth/useSession';

interface PoolsTableProps {
  hostId: string;
  pools: Pool[];
  /**
   * Set when the host is not connected: the rows are the last known state, not live, and
   * say so (greyed, "not live" caption with the reason) rather than pose as current.
   */
  stale?: { reason: string | null } | null;
}

export function PoolsTable({ hostId, pools, stale = null }: PoolsTableProps) {
  const sorted = useMemo(() => [...pools].sort((a, b) => compareNatural(a.name, b.name)), [pools]);
  const canAct = useCan('mutate');

  return (
    <div className="table-scroll">
      <table
        className={stale ? 'table table--stale' : 'table'}
        aria-label="Storage pools"
        data-stale={stale ? 'true' : undefined}
      >
        {stale && (
          <caption className="table__stale" data-testid="pools-stale">
            Not live: the host is unreachable{stale.reason ? ` (${stale.reason})` : ''}. These
            figures are the last known state.
          </caption>
        )}
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Type</th>
            <th scope="col">Autostart</th>
            <th scope="col">Persistent</th>
            <th scope="col" className="table__col--usage">
              Usage
            </th>
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col" className="num">
              Volumes
            </th>
            <th scope="col">Target path</th>
            {canAct && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((pool) => (
            <PoolRow key={pool.name} hostId={hostId} pool={pool} canAct={canAct} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PoolRow({ hostId, pool, canAct }: { hostId: string; pool: Pool; canAct: boolean }) {
  const navigate = useNavigate();
  const to = routes.pool(hostId, pool.name);
  const addressable = isAddressableName(pool.name);

  return (
    <tr
      className={addressable ? 'table__row--link' : undefined}
      data-testid="pool-row"
      data-pool-name={pool.name}
      onClick={addressable ? onRowClick(() => void navigate(to)) : undefined}
    >
      <td>
        {addressable ? (
          <Link to={to} className="strong">
            <TruncatedName value={pool.name} />
          </Link>
        ) : (
          <span
            className="strong"
            title="A pool with this name cannot be opened: it is not a valid URL segment"
          >
            <Name value={pool.name} />
          </span>
        )}
      </td>
      <td>
        <StateLabel state={pool.state} testId="pool-state" />
      </td>
      <td>{pool.type}</td>
      <td>{formatBoolean(pool.autostart)}</td>
      <td>{formatBoolean(pool.persistent)}</td>
      <td>
        <CapacityBar
          capacity={pool.capacity}
          allocation={pool.allocation}
          available={pool.available}
          error={pool.error}
          testIdPrefix="pool"
        />
        <PoolFullChip hostId={hostId} pool={pool.name} />
        {pool.error && (
          <div className="text-danger small" data-testid="pool-error">
            {pool.error}
          </div>
        )}
      </td>
      <td className="num">
        <Bytes value={pool.available} error={pool.error} testId="pool-available" />
      </td>
      <td className="num">{pool.volumeCount ?? <span className="muted">—</span>}</td>
      <td className="mono small">
        {pool.targetPath === null ? (
          <span className="muted">—</span>
        ) : (
          <TruncatedName value={pool.targetPath} />
        )}
      </td>
      {canAct && (
        <td>
          <PoolActions hostId={hostId} pool={pool} />
        </td>
      )}
    </tr>
  );
}
