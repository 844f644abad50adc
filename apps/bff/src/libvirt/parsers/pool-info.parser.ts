import { PoolStateSchema, type PoolState } from '@poolwatch/shared';

export interface PoolInfoFacts {
  state: PoolState;
  persistent: boolean;
  autostart: boolean;
}

/**
 * Parses `virsh pool-info --bytes`. Only the lifecycle facts are taken from it; names and
 * sizes come from pool-dumpxml, which is exact and complete for inactive pools too.
 * The last occurrence of a key wins, so a pool *named* "x\nState: running" cannot lie.
 * null: the pool vanished while virsh was asking about it.
 */
export function parsePoolInfo(output: string): PoolInfoFacts | null {
  // A transient pool destroyed between pool-list and pool-info makes virsh print
  // "Persistent: unknown": the pool is gone.
  if (/^(Persistent|Autostart):\s+unknown$/m.test(output)) return null;
  const fields = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^(State|Persistent|Autostart):\s+(.*)$/.exec(line);
    if (match) fields.set(match[1]!, match[2]!.trim());
  }
  const state = PoolStateSchema.safeParse(fields.get('State'));
  if (!state.success)
    throw new Error(`unexpected pool state ${JSON.stringify(fields.get('State'))}`);
  return {
    state: state.data,
    persistent: yesNo(fields.get('Persistent'), 'Persistent'),
    autostart: yesNo(fields.get('Autostart'), 'Autostart'),
  };
}

function yesNo(value: string | undefined, what: string): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
