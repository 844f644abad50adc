import { EventEmitter } from 'node:events';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InventoryService } from '../inventory/inventory-service.js';
import { pino } from 'pino';
import { signIn, startHarness, type Client, type Harness } from '../test-support/auth-harness.js';
import { attachSocketServer, type PoolwatchSocketServer } from './socket-server.js';

/** The Origin rule of socket handshakes, on both transports, against the real auth code. */
let h: Harness;
let io: PoolwatchSocketServer;
let admin: Client;
let kioskToken: string;

beforeAll(async () => {
  h = await startHarness({}, (http, auth) => {
    const inventory = new EventEmitter() as unknown as InventoryService;
    io = attachSocketServer(http, inventory, pino({ level: 'silent' }), { auth, build: 'unit' });
  });
  await h.auth.bootstrap('admin-password');
  admin = await signIn(h.base, 'admin', 'admin-password');
  kioskToken = h.auth.tokens.create('Wall', 'admin').token;
});
afterAll(async () => {
  await io.close();
  await h.close();
});

type Transport = 'polling' | 'websocket';

/** Connects once (no retries) and answers 'connected' or the refusal's message. */
async function handshake(
  transport: Transport,
  options: { cookie?: string; origin?: string; token?: string },
): Promise<string> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const socket: Socket = connect(h.base, {
    transports: [transport],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
    auth: options.token ? { token: options.token } : {},
  });
  try {
    return await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (e) => resolve(e.message));
    });
  } finally {
    socket.close();
  }
}

describe.each<Transport>(['polling', 'websocket'])('socket handshake over %s', (transport) => {
  test('a foreign Origin is refused, even with a valid cookie or token', async () => {
    const evil = 'http://evil.example';
    expect(await handshake(transport, { cookie: admin.cookie, origin: evil })).toMatch(
      /^forbidden: cross-origin/,
    );
    expect(await handshake(transport, { token: kioskToken, origin: evil })).toMatch(
      /^forbidden: cross-origin/,
    );
    // Same host, other port: another origin.
    const otherPort = h.base.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`);
    expect(await handshake(transport, { cookie: admin.cookie, origin: otherPort })).toMatch(
      /^forbidden: cross-origin/,
    );
  });

  test('the own Origin with the session cookie connects', async () => {
    expect(await handshake(transport, { cookie: admin.cookie, origin: h.base })).toBe('connected');
  });

  test('no Origin (a same-origin polling GET) connects with the cookie or a token only', async () => {
    expect(await handshake(transport, { cookie: admin.cookie })).toBe('connected');
    expect(await handshake(transport, { token: kioskToken })).toBe('connected');
    expect(await handshake(transport, {})).toMatch(/^unauthenticated/);
    expect(await handshake(transport, { cookie: 'poolwatch.sid=forged' })).toMatch(
      /^unauthenticated/,
    );
    expect(await handshake(transport, { token: 'not-a-token' })).toMatch(/^unauthenticated/);
  });
});
