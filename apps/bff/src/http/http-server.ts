import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * The HTTP server with the timeouts Poolwatch needs. Node's defaults end every request that
 * lasts longer than 300 s (`requestTimeout`), which kills any upload slower than 56 MB/s of
 * 16 GiB, and a 100 GiB upload at 10 MB/s takes almost 3 hours. So no timeout covers a whole
 * request: a stream that stops moving bytes fails by its own idle timer instead
 * (POOLWATCH_STREAM_IDLE_MS, storage/stream-jobs.ts). Headers still must arrive within
 * `headersTimeout` (slow-loris), and idle keep-alive sockets still close.
 */
export const SERVER_TIMEOUTS = {
  /** No limit on a whole request: uploads last as long as they move bytes. */
  requestTimeout: 0,
  /** Socket inactivity: none at the socket level; streams have their own idle timer. */
  timeout: 0,
  headersTimeout: 60_000,
  keepAliveTimeout: 5_000,
} as const;

/** `test` lowers the header limit and checks it more often (http-server.test.ts). */
export function createHttpServer(
  app: RequestListener,
  test: { headersTimeout?: number; connectionsCheckingInterval?: number } = {},
): Server {
  const server = createServer(
    {
      requestTimeout: SERVER_TIMEOUTS.requestTimeout,
      connectionsCheckingInterval: test.connectionsCheckingInterval ?? 30_000,
    },
    app,
  );
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeout;
  server.headersTimeout = test.headersTimeout ?? SERVER_TIMEOUTS.headersTimeout;
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeout;
  server.setTimeout(SERVER_TIMEOUTS.timeout);
  return server;
}
