import type { HostState, PoolState } from '@poolwatch/shared';

const TONE: Record<HostState | PoolState, 'success' | 'info' | 'warning' | 'danger' | 'neutral'> = {
  connected: 'success',
  connecting: 'info',
  unreachable: 'danger',
  running: 'success',
  inactive: 'neutral',
  building: 'info',
  degraded: 'warning',
  inaccessible: 'danger',
};

/** A state word with a coloured dot; the text content is exactly the state. */
export function StateLabel({ state, testId }: { state: HostState | PoolState; testId?: string }) {
  return (
    <span
      className={`state-label state-label--${TONE[state]}`}
      data-testid={testId}
      data-state={state}
    >
      {state}
    </span>
  );
}
