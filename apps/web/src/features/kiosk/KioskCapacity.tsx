import type { Host, Pool } from '@poolwatch/shared';
import { useRef } from 'react';
import { errorMessage } from '../../api/http';
import { Name } from '../../components/Name';
import { LEVEL_WORDS, capacityLevel } from '../../lib/capacity';
import { formatPercent, usedFraction } from '../../lib/format';
import { formatOf } from '../../lib/jobFormat';
import { compareNatural } from '../../lib/naturalSort';
import { useFitPages } from './useFitPages';
import { visibleName } from '../../lib/controlChars';

const HOST_STATE_WORDS: Record<Host['state'], string> = {
  connected: 'reachable',
  connecting: 'connecting',
  unreachable: 'UNREACHABLE',
};

/**
 * Fill of every pool, grouped by host. When the fleet is taller than the screen, hosts are
 * paged (`?cycle=SECONDS` turns the pages); hosts of other pages are never half shown.
 */
export function KioskCapacity({
  hosts,
  pools,
  error,
  cycleSeconds,
}: {
  hosts: readonly Host[];
  /** Per host, same order; undefined until loaded (or never, for an unreachable host). */
  pools: readonly (Pool[] | undefined)[];
  error: unknown;
  cycleSeconds: number | null;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const layoutKey = hosts
    .map((h, i) => `${h.id}:${h.state}:${h.error ?? ''}:${pools[i]?.length ?? '-'}`)
    .join('|');
  const fit = useFitPages(containerRef, listRef, layoutKey, cycleSeconds);
  const paged = fit.starts.length > 1;
  const hidden = hosts.length - (fit.end - fit.first);

  return (
    <section className="kiosk__capacity" aria-labelledby="kiosk-capacity-title">
      <h2 id="kiosk-capacity-title" className="kiosk__title">
        Capacity
        {paged && (
          <span className="kiosk__title-note" data-testid="kiosk-hosts-page">
            {cycleSeconds === null
              ? `${hidden} more ${hidden === 1 ? 'host' : 'hosts'} not shown`
              : `hosts ${fit.first + 1}–${fit.end} of ${hosts.length}`}
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
          {hosts.map((host, index) => (
            <KioskHost
              key={host.id}
              host={host}
              pools={pools[index]}
              offPage={index < fit.first || index >= fit.end}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}

function KioskHost({
  host,
  pools,
  offPage,
}: {
  host: Host;
  pools: Pool[] | undefined;
  offPage: boolean;
}) {
  const sorted = pools ? [...pools].sort((a, b) => compareNatural(a.name, b.name)) : undefined;
  return (
    <li
      className={`kiosk-host kiosk-host--${host.state}`}
      data-testid="kiosk-host"
      data-host-id={host.id}
      data-state={host.state}
      aria-hidden={offPage || undefined}
      style={offPage ? { visibility: 'hidden' } : undefined}
    >
      <div className="kiosk-host__head">
        <span className="kiosk-host__name">{host.label}</span>
        <span
          className={`kiosk-host__state kiosk-state--${host.state}`}
          data-testid="kiosk-host-state"
        >
          {HOST_STATE_WORDS[host.state]}
        </span>
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
            <KioskPool key={pool.name} pool={pool} stale={host.state !== 'connected'} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** One pool: bar, percent, the level in words (OK / WARNING / CRITICAL) and the bytes. */
export function KioskPool({ pool, stale = false }: { pool: Pool; stale?: boolean }) {
  const measurable = pool.capacity > 0;
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
        {measurable ? formatOf(pool.allocation, pool.capacity) : ''}
      </span>
    </li>
  );
}
