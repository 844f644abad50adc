import { formatBytes } from './format';

/** One parameter of an audit entry as the page shows it: a dotted key and readable text. */
export interface ParamLine {
  key: string;
  text: string;
}

/** Keys whose numbers are byte counts (capacity: 4294967296 reads as "4 GiB"). */
const BYTE_KEYS = /^(size|capacity|allocation|bytes|limit|rate)$|Bytes$|bytes$/i;

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    const leaf = key.split('.').at(-1) ?? key;
    return BYTE_KEYS.test(leaf) && Number.isFinite(value) && value >= 0
      ? `${formatBytes(value)} (${value.toLocaleString('en-US')} bytes)`
      : String(value);
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * An entry's parameters as one line per leaf (`target.pool: images`, `capacity: 4 GiB
 * (4,294,967,296 bytes)`) instead of a JSON blob. Arrays stay as JSON on one line.
 */
export function paramLines(params: Record<string, unknown> | null, prefix = ''): ParamLine[] {
  if (params === null) return [];
  return Object.entries(params).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return paramLines(value as Record<string, unknown>, key);
    }
    return [{ key, text: valueText(key, value) }];
  });
}
