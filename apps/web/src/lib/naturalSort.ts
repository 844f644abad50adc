/**
 * Locale-aware natural order: "disk2" before "disk10", "é" next to "e". Ties (names the
 * collator considers equal, e.g. "A" and "a") fall back to code-point order, so sorting is
 * total and stable across runs.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
