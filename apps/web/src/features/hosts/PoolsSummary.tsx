import type { Host, Pool } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { isHostUnreachable } from '../../api/http';
import { poolsQuery } from '../../api/queries';
import { Name } from '../../components/Name';
import { capacityLevel } from '../../lib/capacity';
import { formatPercent, usedFraction } from '../../lib/format';

/**
 * "4 pools · 3 running · 1 inactive" and the fullest pool. No grand total: pools often share
 * a filesystem, so summing their capacities would double count.
 */
export function PoolsSummary({ host }: { host: Host }) {
  const pools = useQuery({ ...poolsQuery(host.id), enabled: host.state === 'connected' });

  if (host.state !== 'connected' && !pools.data) return <span className="muted">—</span>;
  if (pools.isPending) return <span className="muted">loading…</span>;
  if (!pools.data) {
    return (
      <span className="text-danger small" title={pools.error?.message}>
        {isHostUnreachable(pools.error) ? 'unavailable' : 'could not load pools'}
      </span>
    );
  }
  return <Summary pools={pools.data} />;
}

function Summary({ pools }: { pools: Pool[] }) {
  if (pools.length === 0) return <span className="muted">no pools</span>;

  const counts = new Map<string, number>();
  for (const pool of pools) counts.set(pool.state, (counts.get(pool.state) ?? 0) + 1);
  const fullest = pools
    .filter((pool) => pool.capacity !== null && pool.allocation !== null && pool.capacity > 0)
    .reduce<Pool | null>(
      (max, pool) =>
        !max ||
        usedFraction(pool.allocation, pool.capacity) > usedFraction(max.allocation, max.capacity)
          ? pool
          : max,
      null,
    );
  const level = fullest ? capacityLevel(fullest.allocation, fullest.capacity) : 'ok';

  return (
    <div className="pools-summary small">
      <div>
        <strong>
          {pools.length} {pools.length === 1 ? 'pool' : 'pools'}
        </strong>
        {[...counts].map(([state, count]) => (
          <span key={state} className="muted">
            {' · '}
            {count} {state}
          </span>
        ))}
      </div>
      {fullest && (
        <div
          className={
            level === 'critical' ? 'text-danger' : level === 'warning' ? 'text-warning' : 'muted'
          }
        >
          fullest: <Name value={fullest.name} />{' '}
          {formatPercent(fullest.allocation, fullest.capacity)}
        </div>
      )}
    </div>
  );
}
