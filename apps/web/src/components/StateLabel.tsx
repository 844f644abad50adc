import type { HostState, PoolState } from '@poolwatch/shared';

/** `unknown`: what the screen shows while the Poolwatch server itself cannot be reached. */
type Shown = HostState | PoolState | 'unknown';

const TONE: Record<Shown, 'success' | 'info' | 'warning' | 'danger' | 'neutral'> = {
  unknown: 'neutral',
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
export function StateLabel({
  state,
  testId,
  title,
}: {
  state: Shown;
  testId?: string;
  title?: string;
}) {
  return (
    <span
      className={`state-label state-label--${TONE[state]}`}
      data-testid={testId}
      data-state={state}
      title={title}
    >
      {state}
    </span>
  );
}

/**
 * A host's state as far as this page can know it: while the Poolwatch server is unreachable
 * the last state it reported ("connected") is not a fact any more, so it says `unknown`.
 */
export function HostStateLabel({
  state,
  serverUnreachable,
  testId,
}: {
  state: HostState;
  serverUnreachable: boolean;
  testId?: string;
}) {
  return serverUnreachable ? (
    <StateLabel
      state="unknown"
      testId={testId}
      title={`The Poolwatch server cannot be reached; the host was last ${state}`}
    />
  ) : (
    <StateLabel state={state} testId={testId} />
  );
}
