import type { ClientToServerEvents, ServerToClientEvents } from '@poolwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type PoolwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Same origin as the page: the BFF in production, Vite's proxy in development. */
export function createSocket(): PoolwatchSocket {
  return io({ path: '/socket.io' }) as PoolwatchSocket;
}
