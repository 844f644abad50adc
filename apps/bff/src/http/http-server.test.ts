import { createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createHttpServer, SERVER_TIMEOUTS } from './http-server.js';

/**
 * Long uploads: no server timeout ends a request that is still moving bytes. A real slow
 * body (trickled over 4 s) against limits lowered to 2 s: Node's requestTimeout kills it
 * (the control, which proves the test can see the kill), Poolwatch's server lets it finish.
 */
const drainThenOk: RequestListener = (req, res) => {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  req.on('end', () => res.end(String(bytes)));
};

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function trickle(server: Server, seconds: number): Promise<{ status: number; body: string }> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const chunk = Buffer.alloc(1024, 7);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      headers: { 'content-length': String(chunk.length * seconds * 4) },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const timer = setInterval(() => {
      if (req.destroyed) return clearInterval(timer);
      req.write(chunk);
      sent += 1;
      if (sent === seconds * 4) {
        clearInterval(timer);
        req.end();
      }
    }, 250);
  });
}

describe('the HTTP server and long uploads', () => {
  test('no timeout covers a whole request; headers still have one', () => {
    const server = createHttpServer(drainThenOk);
    servers.push(server);
    expect(server.requestTimeout).toBe(0);
    expect(server.timeout).toBe(0);
    expect(server.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
    expect(server.headersTimeout).toBeGreaterThan(0);
  });

  test("control: Node's requestTimeout (lowered to 2 s) kills a 4 s upload that moves bytes", async () => {
    const server = createServer(
      { requestTimeout: 2000, connectionsCheckingInterval: 100 },
      drainThenOk,
    );
    const reply = await trickle(server, 4).catch((error: Error) => ({
      status: 0,
      body: error.message,
    }));
    expect(reply.status === 408 || reply.status === 0).toBe(true);
  }, 20_000);

  test("Poolwatch's server lets a 4 s upload finish past a 2 s header limit", async () => {
    const server = createHttpServer(drainThenOk, {
      headersTimeout: 2000,
      connectionsCheckingInterval: 100,
    });
    const reply = await trickle(server, 4);
    expect(reply).toEqual({ status: 200, body: String(1024 * 16) });
  }, 20_000);
});
