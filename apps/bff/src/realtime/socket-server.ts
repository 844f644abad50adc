import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@poolwatch/shared';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { Logger } from '../logger.js';

export type PoolwatchSocketServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * Fan-out: maps inventory domain events to socket.io. Every browser gets every event for
 * now; auth and per-role rooms come with sign-in. Delivery is at-most-once, so clients
 * resync on reconnect and treat events as "refetch" hints.
 */
export function attachSocketServer(
  http: HttpServer,
  inventory: InventoryService,
  logger: Logger,
): PoolwatchSocketServer {
  const io: PoolwatchSocketServer = new Server(http, { serveClient: false });
  const log = logger.child({ module: 'realtime' });
  inventory.on('inventory:changed', (event) => io.emit('inventory:changed', event));
  inventory.on('host:state', (host) => io.emit('host:state', host));
  io.on('connection', (socket) => {
    log.debug({ id: socket.id }, 'socket connected');
  });
  return io;
}
