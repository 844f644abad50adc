import type { Job, Volume } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { onRowClick } from '../../lib/rowClick';
import { routes } from '../../lib/routes';
import { jobsQuery } from '../../api/jobs';
import { EmptyState } from '../../components/QueryStates';
import { visibleName } from '../../lib/controlChars';
import { VolumeDialogs, type OpenVolumeDialog } from './actions/VolumeDialogs';
import type { VolumeAction } from './actions/VolumeActionsMenu';
import { useCan } from '../../auth/useSession';
import { VolumeRow } from './VolumeRow';
import {
  BulkToolbar,
  HeaderSelectCell,
  useVolumeSelection,
  type VolumeSelection,
} from './bulk/BulkToolbar';
import { activeJobsByVolume } from './volumeJobs';
import { SizesProgress } from './PendingFigures';
import { HEADER_HEIGHT, ROW_HEIGHT, VOLUME_COLUMNS, type VolumeColumn } from './columns';
import {
  DEFAULT_VOLUME_SORT,
  countLabel,
  filterVolumes,
  nextSort,
  sortVolumes,
  type VolumeSort,
} from './volumeList';

interface VolumesTableProps {
  hostId: string;
  pool: string;
  volumes: Volume[];
}

/**
 * The volumes of a pool: sortable, filterable, and virtualized (only the rows in view are in
 * the DOM), so a pool with 10,000 volumes scrolls as smoothly as one with 10. Built from divs
 * with ARIA table roles because absolutely positioned rows do not fit in a <table>.
 */
export function VolumesTable({ hostId, pool, volumes }: VolumesTableProps) {
  const [sort, setSort] = useState<VolumeSort>(DEFAULT_VOLUME_SORT);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<OpenVolumeDialog | null>(null);
  const jobs = useQuery(jobsQuery());
  const volumeJobs = useMemo(
    () => activeJobsByVolume(jobs.data ?? [], hostId, pool),
    [jobs.data, hostId, pool],
  );
  const deferredFilter = useDeferredValue(filter);
  const canMutate = useCan('mutate');
  const openDialog = useCallback(
    (action: VolumeAction, volume: Volume) => setDialog({ action, volume }),
    [],
  );

  // Sort first, filter second: typing in the filter never re-sorts 10,000 rows.
  const sorted = useMemo(() => sortVolumes(volumes, sort), [volumes, sort]);
  const rows = useMemo(() => filterVolumes(sorted, deferredFilter), [sorted, deferredFilter]);
  const columns = useMemo(
    () =>
      volumes.some((v) => v.backingStore !== null)
        ? VOLUME_COLUMNS
        : VOLUME_COLUMNS.filter((c) => c.key !== 'backingStore'),
    [volumes],
  );
  const selection = useVolumeSelection(volumes, rows);

  return (
    <div className="volumes" data-testid="volumes-table">
      <div className="toolbar">
        <input
          type="search"
          className="toolbar__filter"
          aria-label="Filter volumes"
          placeholder="Filter by name or path"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setFilter('');
          }}
        />
        <span className="toolbar__count muted" data-testid="volume-count" aria-live="polite">
          {countLabel(rows.length, volumes.length)}
        </span>
        <SizesProgress volumes={volumes} />
        {canMutate && <BulkToolbar hostId={hostId} pool={pool} selection={selection} />}
      </div>
      {volumes.length === 0 ? (
        <EmptyState title="No volumes in this pool" />
      ) : (
        <VirtualGrid
          hostId={hostId}
          pool={pool}
          rows={rows}
          columns={columns}
          sort={sort}
          onSort={(key) => setSort((current) => nextSort(current, key))}
          volumeJobs={volumeJobs}
          onAction={openDialog}
          selection={canMutate ? selection : undefined}
          emptyText={`No volumes match “${visibleName(deferredFilter)}”`}
        />
      )}
      <VolumeDialogs hostId={hostId} pool={pool} open={dialog} onClose={() => setDialog(null)} />
    </div>
  );
}

const ignoreToggle = () => {};

interface VirtualGridProps {
  hostId: string;
  pool: string;
  rows: readonly Volume[];
  columns: readonly VolumeColumn[];
  sort: VolumeSort;
  onSort: (key: VolumeColumn['key']) => void;
  volumeJobs: ReadonlyMap<string, Job>;
  onAction: (action: VolumeAction, volume: Volume) => void;
  /** Only for users who may act: the checkbox column of the bulk actions. */
  selection: VolumeSelection | undefined;
  emptyText: string;
}

function VirtualGrid({
  hostId,
  pool,
  rows,
  columns,
  sort,
  onSort,
  volumeJobs,
  onAction,
  selection,
  emptyText,
}: VirtualGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- not compiled by React Compiler; TanStack Virtual re-renders us itself
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEADER_HEIGHT,
    overscan: 12,
    // First paint before the scroll box is measured: render a screenful, not nothing.
    initialRect: { width: 1200, height: 800 },
    getItemKey: (index) => rows[index]?.name ?? index,
  });
  const gridClass = [
    'vgrid',
    columns.length === VOLUME_COLUMNS.length ? 'vgrid--backing' : null,
    selection ? 'vgrid--select' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const canMutate = useCan('mutate');
  // A viewer has no actions menu: the column only carries a running job's progress.
  const lastColumn = canMutate ? 'Actions' : 'Job';
  const navigate = useNavigate();
  // One handler for every row (rows have no hooks): the row under the click opens its page.
  const openRow = onRowClick((event) => {
    const name = (event.target as Element).closest<HTMLElement>('[data-volume-name]')?.dataset
      .volumeName;
    if (name !== undefined) void navigate(routes.volume(hostId, pool, name));
  });

  return (
    <div
      className={gridClass}
      role="table"
      aria-label={`Volumes in pool ${visibleName(pool)}`}
      aria-rowcount={rows.length + 1}
    >
      <div className="vgrid__scroll" ref={scrollRef} tabIndex={-1}>
        <div className="vgrid__head" role="rowgroup">
          <div className="vgrid__row vgrid__row--head" role="row" aria-rowindex={1}>
            {selection && <HeaderSelectCell selection={selection} />}
            {columns.map((column) => (
              <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
            ))}
            <div role="columnheader" className="vgrid__cell vgrid__cell--actions small strong">
              {lastColumn}
            </div>
          </div>
        </div>
        <div
          className="vgrid__body"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize() }}
          onClick={openRow}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const volume = rows[item.index];
            if (!volume) return null;
            return (
              <VolumeRow
                key={item.key}
                hostId={hostId}
                pool={pool}
                volume={volume}
                columns={columns}
                rowIndex={item.index + 2}
                offset={item.start - HEADER_HEIGHT}
                job={volumeJobs.get(volume.name)}
                onAction={onAction}
                canMutate={canMutate}
                selected={selection?.selected.has(volume.name) ?? false}
                onToggle={selection?.toggle ?? ignoreToggle}
              />
            );
          })}
        </div>
        {rows.length === 0 && <div className="vgrid__empty muted">{emptyText}</div>}
      </div>
    </div>
  );
}

function HeaderCell({
  column,
  sort,
  onSort,
}: {
  column: VolumeColumn;
  sort: VolumeSort;
  onSort: (key: VolumeColumn['key']) => void;
}) {
  const active = sort.key === column.key;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <div
      role="columnheader"
      aria-sort={ariaSort}
      className={`vgrid__cell vgrid__cell--${column.key}${column.numeric ? ' num' : ''}`}
    >
      <button type="button" className="sort-button" onClick={() => onSort(column.key)}>
        {column.label}
        <span className={`sort-button__icon${active ? ' is-active' : ''}`} aria-hidden="true">
          {active && sort.direction === 'desc' ? '▼' : '▲'}
        </span>
      </button>
    </div>
  );
}
