import { useConnectionStatus, type ConnectionStatus } from './connectionStatus';

const DESCRIPTIONS: Record<ConnectionStatus, string> = {
  live: 'Live: changes on the hosts show up within seconds',
  connecting: 'Connecting to the Poolwatch server for live updates',
  reconnecting: 'Connection lost: reconnecting; the data shown may be out of date',
  offline: 'Not receiving live updates: reload the page to try again',
};

/** The header's connection indicator; its text is exactly the status word. */
export function LiveStatus() {
  const status = useConnectionStatus();
  return (
    <span
      className={`live-status live-status--${status}`}
      data-testid="live-status"
      data-status={status}
      title={DESCRIPTIONS[status]}
      aria-live="polite"
    >
      {status}
    </span>
  );
}
