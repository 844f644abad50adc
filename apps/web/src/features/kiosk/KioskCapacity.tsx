import type { Host, Pool } from '@poolwatch/shared';
import { useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/http';
import { Name } from '../../components/Name';
import { LEVEL_WORDS, capacityLevel } from '../../lib/capacity';
import { formatPercent, usedFraction } from '../../lib/format';
import { formatOf } from '../../lib/jobFormat';
import { poolsPerTile, splitTiles, type KioskTile } from './kioskTiles';
import { TILE_STALE_MS } from './kioskData';
import { useFitPages } from './useFitPages';
import { formatAgo } from '../../lib/time';
import { visibleName } from '../../lib/controlChars';

const HOST_STATE_WORDS: Record<Host['state'], string> = {
  connected: 'reachable',
  connecting: 'connecting',
  unreachable: 'UNREACHABLE',
};

/**
 * Fill of every pool, grouped by host. When the fleet is taller than the screen, it is paged
 * (`?cycle=SECONDS` turns the pages): tiles of other pages are never half shown, and a host
 * with more pools than one screen holds is split into parts (kioskTiles.ts).
 */
export function KioskCapacity({
  hosts,
  pools,
  updatedAt,
  now,
  error,
  cycleSeconds,
}: {
  hosts: readonly Host[];
  /** Per host, same order; undefined until loaded (or never, for an unreachable host). */
  pools: readonly (Pool[] | undefined)[];
  /** Per host, when its pools were last fetched (epoch ms; 0 = never). */
  updatedAt: readonly number[];
  now: number;
  error: unknown;
  cycleSeconds: number | null;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [perTile, setPerTile] = useState(Infinity);
  const tiles = splitTiles(hosts, pools, perTile);
  const layoutKey = tiles
    .map(
      (t) =>
        `${t.host.id}:${t.part}:${t.host.state}:${t.host.error ?? ''}:${t.pools?.length ?? '-'}`,
    )
    .join('|');
  // Measured on the laid-out column: re-measured when the screen or the data changes.
  useLayoutEffect(() => {
    const measured = poolsPerTile(containerRef.current, listRef.current);
    if (measured !== Infinity) setPerTile((old) => (old === measured ? old : measured));
  }, [layoutKey]);
  const fit = useFitPages(containerRef, listRef, layoutKey, cycleSeconds);
  const paged = fit.starts.length > 1;
  const hiddenPools = tiles
    .filter((_, i) => i < fit.first || i >= fit.end)
    .reduce((sum, t) => sum + (t.pools?.length ?? 0), 0);

  return (
    <section className="kiosk__capacity" aria-labelledby="kiosk-capacity-title">
      <h2 id="kiosk-capacity-title" className="kiosk__title">
        Capacity
        {paged && (
          <span className="kiosk__title-note" data-testid="kiosk-hosts-page">
            {cycleSeconds === null
              ? `${hiddenPools} more ${hiddenPools === 1 ? 'pool' : 'pools'} not shown`
              : `page ${fit.page + 1} of ${fit.starts.length}`}
          </span>
        )}
      </h2>
      {error !== null && hosts.length === 0 && (
        <p className="kiosk-text--critical">Cannot load hosts: {errorMessage(error)}</p>
      )}
      <div className="kiosk__capacity-body" ref={containerRef}>
        <ul
          className="kiosk__hosts"
          ref={listRef}
          style={{ transform: `translateY(${-fit.offset}px)` }}
        >
          {tiles.map((tile, index) => (
            <KioskHost
              key={`${tile.host.id}\0${tile.part}`}
              tile={tile}
              staleFor={staleFor(updatedAt[tile.hostIndex] ?? 0, now, tile.host)}
              offPage={index < fit.first || index >= fit.end}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}

/**
 * How old the tile's figures are when they are too old to trust at a glance: the host is
 * unreachable (its figures are the last ones read) or its pools were not refreshed for two
 * intervals. null = fresh, or nothing shown yet.
 */
function staleFor(updatedAt: number, now: number, host: Host): number | null {
  if (updatedAt === 0) return null;
  const age = now - updatedAt;
  return host.state !== 'connected' || age > TILE_STALE_MS ? age : null;
}

function KioskHost({
  tile,
  staleFor,
  offPage,
}: {
  tile: KioskTile;
  staleFor: number | null;
  offPage: boolean;
}) {
  const { host, pools: sorted, part, parts } = tile;
  return (
    <li
      className={`kiosk-host kiosk-host--${host.state}`}
      // A host's later parts are not "the host" (tests and readers find it once).
      data-testid={part === 1 ? 'kiosk-host' : 'kiosk-host-part'}
      data-host-id={host.id}
      data-part={parts > 1 ? `${part}/${parts}` : undefined}
      data-state={host.state}
      aria-hidden={offPage || undefined}
      style={offPage ? { visibility: 'hidden' } : undefined}
    >
      <div className="kiosk-host__head">
        <span className="kiosk-host__name">{host.label}</span>
        {parts > 1 && (
          <span className="kiosk-host__part">
            part {part} of {parts}
          </span>
        )}
        <span
          className={`kiosk-host__state kiosk-state--${host.state}`}
          data-testid="kiosk-host-state"
        >
          {HOST_STATE_WORDS[host.state]}
        </span>
        {staleFor !== null && (
          <span className="kiosk-host__stale" data-testid="kiosk-host-stale">
            figures {formatAgo(staleFor)} old
          </span>
        )}
      </div>
      {host.state !== 'connected' && host.error && (
        <p className="kiosk-host__error">{host.error}</p>
      )}
      {sorted === undefined ? (
        host.state === 'connected' && <p className="kiosk-muted">loading pools…</p>
      ) : sorted.length === 0 ? (
        <p className="kiosk-muted">no storage pools</p>
      ) : (
        <ul className="kiosk-pools">
          {sorted.map((pool) => (
            <KioskPool key={pool.name} pool={pool} stale={staleFor !== null} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** One pool: bar, percent, the level in words (OK / WARNING / CRITICAL) and the bytes. */
export function KioskPool({ pool, stale = false }: { pool: Pool; stale?: boolean }) {
  const measurable = pool.capacity !== null && pool.allocation !== null && pool.capacity > 0;
  const level = capacityLevel(pool.allocation, pool.capacity);
  const fraction = usedFraction(pool.allocation, pool.capacity);
  const percent = formatPercent(pool.allocation, pool.capacity);
  const label = measurable ? LEVEL_WORDS[level] : pool.state;

  return (
    <li
      className={`kiosk-pool kiosk-pool--${measurable ? level : 'unknown'}${stale ? ' kiosk-pool--stale' : ''}`}
      data-testid="kiosk-pool"
      data-pool-name={pool.name}
      data-level={measurable ? level : 'unknown'}
    >
      <span className="kiosk-pool__name">
        <Name value={pool.name} />
      </span>
      <span
        className="kiosk-pool__bar"
        role="meter"
        aria-label={`${visibleName(pool.name)}: ${percent ?? 'unknown'} used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <span className="kiosk-pool__fill" style={{ width: `${fraction * 100}%` }} />
      </span>
      <span className="kiosk-pool__percent">{percent ?? '—'}</span>
      <span className="kiosk-pool__level" data-testid="kiosk-pool-level">
        {label}
      </span>
      <span className="kiosk-pool__bytes">
        {measurable ? formatOf(pool.allocation ?? 0, pool.capacity ?? 0) : (pool.error ?? '')}
      </span>
    </li>
  );
}
