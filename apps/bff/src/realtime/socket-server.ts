import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@poolwatch/shared';
import type { AuthService } from '../auth/auth-service.js';
import type { InventoryService } from '../inventory/inventory-service.js';
import type { Logger } from '../logger.js';
import { authenticateSocket, SocketRegistry } from './socket-auth.js';

export type PoolwatchSocketServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface SocketServerOptions {
  auth: AuthService;
  build: string;
}

/**
 * Fan-out: maps inventory domain events to socket.io. Only signed-in sockets exist (every
 * role may watch everything); clients emit nothing, and a socket that does is closed.
 * Delivery is at-most-once, so clients resync on reconnect and treat events as hints.
 */
export function attachSocketServer(
  http: HttpServer,
  inventory: InventoryService,
  logger: Logger,
  { auth, build }: SocketServerOptions,
): PoolwatchSocketServer {
  const io: PoolwatchSocketServer = new Server(http, { serveClient: false });
  const log = logger.child({ module: 'realtime' });
  const registry = new SocketRegistry(log);
  // express-session on the engine: the handshake's cookie becomes socket.request.session.
  io.engine.use(auth.sessionMiddleware as unknown as Parameters<typeof io.engine.use>[0]);
  io.use((socket, next) => {
    const result = authenticateSocket(auth, socket);
    if (result instanceof Error) {
      log.info({ reason: result.message, origin: socket.request.headers.origin }, 'socket refused');
      next(result);
      return;
    }
    socket.data.principal = result;
    next();
  });
  auth.on('sessions-ended', (event) => registry.end(event));
  inventory.on('inventory:changed', (event) => io.emit('inventory:changed', event));
  inventory.on('host:state', (host) => io.emit('host:state', host));
  io.on('connection', (socket) => {
    const principal = socket.data.principal as Parameters<SocketRegistry['add']>[1];
    registry.add(socket, principal);
    log.debug({ id: socket.id, user: principal.user, kind: principal.kind }, 'socket connected');
    socket.emit('server:hello', { build });
    // ClientToServerEvents is empty: anything a client emits is a crafted client.
    socket.onAny((event: unknown) => {
      log.warn(
        { id: socket.id, user: principal.user, event: String(event) },
        'client emitted an event; disconnecting',
      );
      socket.disconnect(true);
    });
  });
  return io;
}
