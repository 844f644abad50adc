import type { ClientToServerEvents, ServerToClientEvents } from '@poolwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type PoolwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The subset of a socket.io client the provider uses (tests pass a fake). */
export type SocketFactory = () => PoolwatchSocket;

/**
 * Same origin as the page (the session cookie goes along): the BFF, or Vite's proxy.
 * socket.io's default transports: long-polling first, then the WebSocket upgrade. The
 * BFF accepts the polling GET (which carries no Origin when same-origin) on the
 * SameSite=Strict session cookie, and refuses any foreign Origin (realtime/socket-auth.ts).
 */
export function createSocket(): PoolwatchSocket {
  return io({ path: '/socket.io' }) as PoolwatchSocket;
}
