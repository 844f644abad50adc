import type { Job, Volume } from '@poolwatch/shared';
import { memo } from 'react';
import { Link } from 'react-router';
import { JobProgressBar } from '../../components/JobProgressBar';
import { Name } from '../../components/Name';
import { visibleName } from '../../lib/controlChars';
import { routes } from '../../lib/routes';
import { JobHoldControls } from '../jobs/JobHoldControls';
import { KIND_WORDS } from '../jobs/jobLabels';
import { ActionsMenu, type VolumeAction } from './actions/VolumeActionsMenu';
import type { VolumeColumn } from './columns';
import { BackingStore, UsedByBadge } from './VolumeUsers';
import { Reading, VolumeSize } from './PendingFigures';

interface VolumeRowProps {
  hostId: string;
  pool: string;
  volume: Volume;
  columns: readonly VolumeColumn[];
  rowIndex: number;
  offset: number;
  job: Job | undefined;
  onAction: (action: VolumeAction, volume: Volume) => void;
  /** The user may act: the actions menu and the row's box of the bulk selection. */
  canMutate: boolean;
  selected: boolean;
  onToggle: (name: string) => void;
}

/**
 * One row of the virtual grid. Memoised on plain props (strings, the volume object, a
 * boolean), with no hook of its own: while the grid scrolls only the rows that come into
 * view render; the ones already there are skipped (a row's offset never changes). The
 * session and the router are read once by the grid (the row click is delegated to it).
 */
export const VolumeRow = memo(function VolumeRow({
  hostId,
  pool,
  volume,
  columns,
  rowIndex,
  offset,
  job,
  onAction,
  canMutate,
  selected,
  onToggle,
}: VolumeRowProps) {
  const to = routes.volume(hostId, pool, volume.name);
  const showBacking = columns.some((c) => c.key === 'backingStore');

  return (
    <div
      className="vgrid__row vgrid__row--link"
      role="row"
      aria-rowindex={rowIndex}
      data-testid="volume-row"
      data-volume-name={volume.name}
      aria-selected={canMutate ? selected : undefined}
      style={{ transform: `translateY(${offset}px)` }}
    >
      {canMutate && (
        <div role="cell" className="vgrid__cell vgrid__cell--select">
          <input
            type="checkbox"
            data-testid="volume-select"
            aria-label={`Select ${visibleName(volume.name)}`}
            checked={selected}
            onChange={() => onToggle(volume.name)}
          />
        </div>
      )}
      <div role="cell" className="vgrid__cell vgrid__cell--name" title={visibleName(volume.name)}>
        <Link to={to}>
          <Name value={volume.name} />
        </Link>{' '}
        <UsedByBadge users={volume.usedBy} />
      </div>
      <div role="cell" className="vgrid__cell" data-testid="volume-format">
        {volume.pending ? <Reading /> : (volume.format ?? '—')}
      </div>
      <div role="cell" className="vgrid__cell num">
        <VolumeSize volume={volume} figure="capacity" testId="volume-capacity" />
      </div>
      <div role="cell" className="vgrid__cell num">
        <VolumeSize volume={volume} figure="allocation" testId="volume-allocation" />
      </div>
      <div role="cell" className="vgrid__cell">
        {volume.pending ? <Reading /> : volume.type}
      </div>
      <div
        role="cell"
        className="vgrid__cell mono"
        data-testid="volume-path"
        title={visibleName(volume.path)}
      >
        <Name value={volume.path} />
      </div>
      {showBacking && (
        <div
          role="cell"
          className="vgrid__cell mono"
          title={volume.backingStore === null ? undefined : visibleName(volume.backingStore)}
        >
          <BackingStore hostId={hostId} volume={volume} />
        </div>
      )}
      <div role="cell" className="vgrid__cell vgrid__cell--actions">
        {job && (
          <div className="vgrid__job" data-job-id={job.id} data-job-kind={job.kind}>
            <JobProgressBar
              progress={job.progress}
              queued={job.state === 'queued'}
              paused={job.state === 'paused'}
              size="compact"
              testId="volume-job-progress"
              label={`${KIND_WORDS[job.kind]} progress`}
            />
            <JobHoldControls job={job} compact />
          </div>
        )}
        {canMutate && (
          <ActionsMenu hostId={hostId} pool={pool} volume={volume} onAction={onAction} />
        )}
      </div>
    </div>
  );
});
