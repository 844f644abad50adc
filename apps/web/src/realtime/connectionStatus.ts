import { createContext, useContext } from 'react';

/**
 * live: connected, events flow. connecting: first attempt. reconnecting: lost, retrying.
 * offline: the server refused us, or we disconnected on purpose; no automatic retry.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export const ConnectionStatusContext = createContext<ConnectionStatus>('connecting');

export function useConnectionStatus(): ConnectionStatus {
  return useContext(ConnectionStatusContext);
}
