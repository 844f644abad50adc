/** Human-readable sizes in IEC units; exact byte counts stay available for tooltips. */

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const STEP = 1024;

const exactFormatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * 0 -> "0 B", 1536 -> "1.5 KiB", 100 GiB -> "100 GiB".
 * One decimal below 100 (trailing ".0" dropped), whole numbers from 100 up. A value that
 * would round to 1024 of a unit is shown as 1 of the next unit ("1 MiB", never "1024 KiB").
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < STEP) return `${Math.round(bytes)} B`;

  let unit = 0;
  let value = bytes;
  while (value >= STEP && unit < IEC_UNITS.length - 1) {
    value /= STEP;
    unit += 1;
  }
  let rounded = roundForDisplay(value);
  if (rounded >= STEP && unit < IEC_UNITS.length - 1) {
    unit += 1;
    rounded = roundForDisplay(value / STEP);
  }
  return `${formatNumber(rounded)} ${IEC_UNITS[unit]}`;
}

function roundForDisplay(value: number): number {
  return value >= 99.95 ? Math.round(value) : Math.round(value * 10) / 10;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** "1,073,741,824 bytes" — for tooltips and detail views. */
export function formatExactBytes(bytes: number): string {
  return `${exactFormatter.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** Fraction used, clamped to [0, 1]; 0 when the total is unknown (0). */
export function usedFraction(used: number | null, total: number | null): number {
  // null: libvirt reported a figure that cannot be a real size (the item's error says why).
  if (used === null || total === null || total <= 0) return 0;
  return Math.min(1, Math.max(0, used / total));
}

/**
 * Whole percent, without lying at the edges: a nearly empty pool is "<1%", not "0%", and a
 * nearly full one is ">99%", not "100%". null when the total is 0 (e.g. an inactive pool).
 */
export function formatPercent(used: number | null, total: number | null): string | null {
  if (used === null || total === null || total <= 0) return null;
  const percent = (used / total) * 100;
  const rounded = Math.round(percent);
  if (rounded === 0 && percent > 0) return '<1%';
  if (rounded === 100 && percent < 100) return '>99%';
  return `${rounded}%`;
}

export function formatBoolean(value: boolean): string {
  return value ? 'yes' : 'no';
}
