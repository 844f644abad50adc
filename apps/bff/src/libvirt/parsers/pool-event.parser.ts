export type PoolEvent =
  | { kind: 'lifecycle'; pool: string; detail: string; at: string }
  | { kind: 'refresh'; pool: string; at: string };

const LIFECYCLE =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}): event 'lifecycle' for storage pool (.*): (Defined|Undefined|Started|Stopped|Created|Deleted)$/;
const REFRESH =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}): event 'refresh' for storage pool (.*)$/;

/**
 * Parses one line of `virsh pool-event --loop --timestamp`. Returns null for lines that
 * are not events (banners, or the tail of a pool name that held a newline): callers
 * re-list the host's pools on every event anyway, so a name is only a hint.
 */
export function parsePoolEventLine(line: string): PoolEvent | null {
  const lifecycle = LIFECYCLE.exec(line);
  if (lifecycle)
    return { kind: 'lifecycle', at: lifecycle[1]!, pool: lifecycle[2]!, detail: lifecycle[3]! };
  const refresh = REFRESH.exec(line);
  if (refresh) return { kind: 'refresh', at: refresh[1]!, pool: refresh[2]! };
  return null;
}
