/**
 * Which volumes of a pool are selected for a bulk action, by exact name. Pure, so the table
 * keeps only a Set in state and the rules (what the header box does, what survives a
 * refetch) are table-tested.
 */
export type HeaderCheck = 'none' | 'some' | 'all';

export function toggleOne(selected: ReadonlySet<string>, name: string): Set<string> {
  const next = new Set(selected);
  if (next.has(name)) next.delete(name);
  else next.add(name);
  return next;
}

/**
 * The header box works on the rows in view (the filter's result): with all of them selected
 * it clears them, else it adds them all. Selected rows hidden by the filter stay selected.
 */
export function toggleVisible(
  selected: ReadonlySet<string>,
  visible: readonly string[],
): Set<string> {
  const next = new Set(selected);
  if (headerCheck(selected, visible) === 'all') for (const name of visible) next.delete(name);
  else for (const name of visible) next.add(name);
  return next;
}

export function headerCheck(
  selected: ReadonlySet<string>,
  visible: readonly string[],
): HeaderCheck {
  let count = 0;
  for (const name of visible) if (selected.has(name)) count++;
  if (count === 0) return 'none';
  return count === visible.length ? 'all' : 'some';
}

/**
 * Drops names the pool no longer has (deleted here or by someone else): a bulk action must
 * never name a volume the user can no longer see. Same Set back when nothing changed, so a
 * refetch with the same volumes re-renders nothing.
 */
export function pruneSelection(selected: Set<string>, existing: readonly string[]): Set<string> {
  if (selected.size === 0) return selected;
  const present = new Set(existing);
  const kept = [...selected].filter((name) => present.has(name));
  return kept.length === selected.size ? selected : new Set(kept);
}
