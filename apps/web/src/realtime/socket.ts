import type { ClientToServerEvents, ServerToClientEvents } from '@poolwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type PoolwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The subset of a socket.io client the provider uses (tests pass a fake). */
export type SocketFactory = () => PoolwatchSocket;

/**
 * Same origin as the page (the session cookie goes along): the BFF, or Vite's proxy.
 * WebSocket only: the BFF refuses a cookie handshake without an Origin header (cross-site
 * WebSocket hijacking), and browsers send Origin on a WebSocket upgrade but not on the
 * same-origin GET that opens socket.io's long-polling transport.
 */
export function createSocket(): PoolwatchSocket {
  return io({ path: '/socket.io', transports: ['websocket'] }) as PoolwatchSocket;
}
