import type { PoolwatchSocket } from '../realtime/socket';

type Handler = (...args: unknown[]) => void;

/**
 * A stand-in for the socket.io client: the test plays the server (`connectNow`, `drop`,
 * `serverEmit`) and checks what the page did (`connectCalls`, `disconnected`).
 */
export class FakeSocket {
  active = true;
  connected = false;
  disconnected = false;
  connectCalls = 0;
  private handlers = new Map<string, Handler[]>();

  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  disconnect() {
    this.disconnected = true;
    this.active = false;
    this.connected = false;
    return this;
  }
  connect() {
    this.connectCalls += 1;
    this.active = true;
    return this;
  }

  serverEmit(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  connectNow() {
    this.connected = true;
    this.active = true;
    this.serverEmit('connect');
  }
  /** The link drops: 'transport close' retries by itself, 'io server disconnect' does not. */
  drop(reason: 'transport close' | 'io server disconnect' = 'transport close') {
    this.connected = false;
    this.active = reason !== 'io server disconnect';
    this.serverEmit('disconnect', reason);
  }
}

export function fakeSocketFactory() {
  const sockets: FakeSocket[] = [];
  const create = () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket as unknown as PoolwatchSocket;
  };
  return { create, sockets, last: () => sockets.at(-1) };
}
