import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { AuthService, Principal, SessionsEnded } from '../auth/auth-service.js';
import type { Logger } from '../logger.js';

type SessionRequest = IncomingMessage & {
  session?: { auth?: import('../auth/session-store.js').SessionAuth };
  sessionID?: string;
};

/** The origin a browser on this server would send, from the handshake's Host. */
function originsOf(req: IncomingMessage): string[] {
  const host = req.headers.host ?? '';
  const forwarded = req.headers['x-forwarded-proto'];
  const protos = ['http', 'https'];
  if (typeof forwarded === 'string') protos.push(forwarded.split(',')[0]?.trim() ?? '');
  return protos.map((p) => `${p}://${host}`);
}

/**
 * Authenticates a socket.io handshake: a kiosk token in `auth.token`, else the session
 * cookie (express-session runs on the engine via `io.engine.use`).
 *
 * Origin: a present Origin must be this server's own (browsers always send it on a
 * WebSocket upgrade and on cross-origin requests: cross-site WebSocket hijacking stops
 * here). An absent Origin is not refused by itself: browsers omit it on the same-origin GET
 * that opens socket.io's long-polling transport. Such a handshake still needs the session
 * cookie or a token, and the cookie is SameSite=Strict, so a cross-site page cannot make
 * the browser send it. A same-site page on another port could, but only with a request
 * that has no Origin (a <script>/<img> GET), whose answer it cannot read, so it never
 * learns the engine.io sid it would need to go on.
 */
export function authenticateSocket(auth: AuthService, socket: Socket): Principal | Error {
  const req = socket.request as SessionRequest;
  const origin = req.headers.origin;
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (origin !== undefined && !originsOf(req).includes(origin)) {
    return new Error('forbidden: cross-origin socket');
  }
  if (typeof token === 'string' && token !== '') {
    return auth.bearer(token) ?? new Error('unauthenticated: invalid or revoked token');
  }
  const session = req.session?.auth;
  if (!session) return new Error('unauthenticated: sign in first');
  return { ...session, via: 'session', sessionId: req.sessionID };
}

/**
 * Which sockets belong to which session and kiosk token, so that logout, revocation and
 * user removal close them at once (with `auth:signed-out` first, so the page can say so).
 */
export class SocketRegistry {
  private readonly bySession = new Map<string, Set<Socket>>();
  private readonly byToken = new Map<string, Set<Socket>>();

  constructor(private readonly log: Logger) {}

  add(socket: Socket, principal: Principal): void {
    const keys: [Map<string, Set<Socket>>, string | undefined][] = [
      [this.bySession, principal.sessionId],
      [this.byToken, principal.tokenId],
    ];
    for (const [map, key] of keys) {
      if (key === undefined) continue;
      const set = map.get(key) ?? new Set();
      set.add(socket);
      map.set(key, set);
      socket.once('disconnect', () => {
        set.delete(socket);
        if (set.size === 0 && map.get(key) === set) map.delete(key);
      });
    }
  }

  end({ sessionIds, tokenId, reason }: SessionsEnded): number {
    const sockets = new Set<Socket>();
    for (const sid of sessionIds) for (const s of this.bySession.get(sid) ?? []) sockets.add(s);
    if (tokenId !== undefined) for (const s of this.byToken.get(tokenId) ?? []) sockets.add(s);
    for (const socket of sockets) {
      socket.emit('auth:signed-out', { reason });
      socket.disconnect(true);
    }
    if (sockets.size > 0)
      this.log.info({ reason, sockets: sockets.size }, 'signed-out sockets closed');
    return sockets.size;
  }
}
