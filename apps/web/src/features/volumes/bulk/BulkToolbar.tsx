import type { Volume } from '@poolwatch/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { BulkVolumeDialog, type BulkAction } from './BulkVolumeDialog';
import { headerCheck, pruneSelection, toggleOne, toggleVisible } from './selection';

export interface VolumeSelection {
  selected: ReadonlySet<string>;
  toggle: (name: string) => void;
  toggleVisible: () => void;
  header: ReturnType<typeof headerCheck>;
  /** The selected volumes, in the table's order. */
  volumes: Volume[];
  drop: (names: readonly string[]) => void;
  clear: () => void;
}

/** The table's bulk selection: exact names, pruned as the pool's volumes change. */
export function useVolumeSelection(volumes: readonly Volume[], rows: readonly Volume[]) {
  const [stored, setSelected] = useState<Set<string>>(() => new Set());
  const names = useMemo(() => volumes.map((v) => v.name), [volumes]);
  const visible = useMemo(() => rows.map((v) => v.name), [rows]);
  // Derived, not an effect: a volume gone from the pool is never shown as selected.
  const selected = useMemo(() => pruneSelection(stored, names), [stored, names]);
  return useMemo<VolumeSelection>(
    () => ({
      selected,
      toggle: (name) => setSelected((s) => toggleOne(pruneSelection(s, names), name)),
      toggleVisible: () => setSelected((s) => toggleVisible(pruneSelection(s, names), visible)),
      header: headerCheck(selected, visible),
      volumes: volumes.filter((v) => selected.has(v.name)),
      drop: (gone) =>
        setSelected((s) => {
          const next = new Set(s);
          for (const name of gone) next.delete(name);
          return next;
        }),
      clear: () => setSelected(new Set()),
    }),
    [selected, names, visible, volumes],
  );
}

/** The header's box: selects or clears the rows in view; "mixed" when only some are. */
export function HeaderSelectCell({ selection }: { selection: VolumeSelection }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = selection.header === 'some';
  }, [selection.header]);
  return (
    <div role="columnheader" className="vgrid__cell vgrid__cell--select">
      <input
        ref={ref}
        type="checkbox"
        data-testid="volume-select-all"
        aria-label="Select every volume shown"
        checked={selection.header === 'all'}
        onChange={selection.toggleVisible}
      />
    </div>
  );
}

/** "3 selected", the bulk buttons and their one confirmation. */
export function BulkToolbar({
  hostId,
  pool,
  selection,
}: {
  hostId: string;
  pool: string;
  selection: VolumeSelection;
}) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const count = selection.volumes.length;
  if (count === 0 && action === null) return null;
  return (
    <div className="toolbar__bulk" data-testid="bulk-toolbar">
      <span className="small strong" data-testid="bulk-count">
        {count} selected
      </span>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => setAction('wipe')}
        disabled={count === 0}
      >
        Wipe selected…
      </button>
      <button
        type="button"
        className="button button--danger button--small"
        onClick={() => setAction('delete')}
        disabled={count === 0}
      >
        Delete selected…
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={selection.clear}
      >
        Clear selection
      </button>
      {action && (
        <BulkVolumeDialog
          hostId={hostId}
          pool={pool}
          action={action}
          volumes={selection.volumes}
          onStarted={selection.drop}
          onClose={() => setAction(null)}
        />
      )}
    </div>
  );
}
