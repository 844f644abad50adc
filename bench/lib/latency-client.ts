/**
 * A signed-in admin of a bench BFF: session cookie + CSRF token for HTTP, and a socket.io
 * client on the same session (typed with the shared contract) that timestamps every event.
 */
import {
  CSRF_HEADER,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@poolwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class AdminClient {
  private constructor(
    readonly base: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  /** The session a bench Bff signed in with (Bff.signIn()). */
  static of(base: string, session: { cookie: string; csrfToken: string }): AdminClient {
    return new AdminClient(base, session.cookie, session.csrfToken);
  }

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        cookie: this.cookie,
        [CSRF_HEADER]: this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** A socket on this session (or on a kiosk token), connected. */
  connect(auth?: { token: string }): Promise<TypedSocket> {
    const socket: TypedSocket = io(this.base, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: auth ? {} : { cookie: this.cookie, origin: this.base },
      auth: auth ?? {},
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket.io: no connection')), 10_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('connect_error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }
}

/** Resolves with Date.now() at the first event for which `test` holds (rejects after `ms`). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TypedSocket,
  event: E,
  test: (...args: Parameters<ServerToClientEvents[E]>) => boolean,
  ms = 30_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      const at = Date.now();
      if (!test(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(at);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} within ${ms} ms`));
    }, ms);
    socket.on(event, listener as never);
  });
}
