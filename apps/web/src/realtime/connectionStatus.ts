import { createContext, useContext } from 'react';

/**
 * live: connected, events flow. connecting: first attempt. reconnecting: lost, retrying.
 * offline: not signed in, or we disconnected on purpose; no automatic retry.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /**
   * When the link was first seen down (epoch ms): what is on screen is no newer than this.
   * null while live, and while the very first connection attempt is still under way.
   */
  staleSince: number | null;
}

export const ConnectionStatusContext = createContext<ConnectionState>({
  status: 'connecting',
  staleSince: null,
});

export function useConnectionStatus(): ConnectionStatus {
  return useContext(ConnectionStatusContext).status;
}

export function useConnectionState(): ConnectionState {
  return useContext(ConnectionStatusContext);
}

/**
 * The Poolwatch server itself cannot be reached (the live link dropped and is retrying):
 * every host's state on screen is only the last one known, and nothing can be acted on.
 * The first connection attempt does not count, nor a deliberate disconnect (signed out).
 */
export function useServerUnreachable(): boolean {
  return useConnectionStatus() === 'reconnecting';
}
