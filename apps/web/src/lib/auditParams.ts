import { formatBytes } from './format';

/** One parameter of an audit entry as the page shows it: a dotted key and readable text. */
export interface ParamLine {
  key: string;
  text: string;
}

/** Keys whose numbers are byte counts (capacity: 4294967296 reads as "4 GiB"). */
const BYTE_KEYS = /^(size|capacity|allocation|bytes|limit|rate)$|Bytes$|bytes$/i;

/** Keys whose numbers are byte rates (a bandwidth limit; null there means no limit). */
const RATE_KEYS = /PerSecond$/;

function valueText(key: string, value: unknown): string {
  const leaf = key.split('.').at(-1) ?? key;
  if (RATE_KEYS.test(leaf)) {
    if (value === null) return 'no limit';
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
      return `${formatBytes(value)}/s`;
  }
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    return BYTE_KEYS.test(leaf) && Number.isFinite(value) && value >= 0
      ? `${formatBytes(value)} (${value.toLocaleString('en-US')} bytes)`
      : String(value);
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A route's `{ from, to }` (a pause's state, a limit's old and new value): one line. */
function isChange(value: unknown): value is { from: unknown; to: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'from' && keys[1] === 'to';
}

/**
 * An entry's parameters as one line per leaf (`target.pool: images`, `capacity: 4 GiB
 * (4,294,967,296 bytes)`, `bytesPerSecond: 50 MiB/s → no limit`) instead of a JSON blob. Arrays stay as JSON on one line.
 */
export function paramLines(params: Record<string, unknown> | null, prefix = ''): ParamLine[] {
  if (params === null) return [];
  return Object.entries(params).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    if (isChange(value)) {
      return [{ key, text: `${valueText(key, value.from)} → ${valueText(key, value.to)}` }];
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return paramLines(value as Record<string, unknown>, key);
    }
    return [{ key, text: valueText(key, value) }];
  });
}
