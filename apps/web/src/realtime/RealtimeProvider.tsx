import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { sessionKey, sessionQuery } from '../auth/session';
import { ConnectionStatusContext, type ConnectionState } from './connectionStatus';
import { applyJobProgress, applyJobUpdated } from './jobSync';
import { createSocket as defaultCreateSocket, type SocketFactory } from './socket';
import { applyHostState, applyInventoryChanged, applyServerHello, resyncAll } from './sync';

const INITIAL: ConnectionState = { status: 'connecting', staleSince: null };
const SIGNED_OUT: ConnectionState = { status: 'offline', staleSince: null };

/** After the server dropped us while the session is still valid: retry, backing off. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Owns the one socket.io connection and feeds its events into the query cache. It only
 * connects while signed in (`sessionId` names the session): signing out, or a 401 anywhere,
 * changes it and the socket is closed.
 */
export function RealtimeProvider({
  sessionId,
  children,
  createSocket = defaultCreateSocket,
}: {
  /** null when signed out: no socket. */
  sessionId: string | null;
  children: ReactNode;
  createSocket?: SocketFactory;
}) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>(INITIAL);

  useEffect(() => {
    if (sessionId === null) return;
    const socket = createSocket();
    let connectedOnce = false;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const down = (status: ConnectionState['status']) =>
      setState((s) => ({ status, staleSince: s.staleSince ?? Date.now() }));

    /**
     * The server closed the socket on purpose ("io server disconnect", or refused it in its
     * middleware): socket.io will not retry by itself. A revoked session answers 401 here,
     * which signs the page out; otherwise (a restart, a hiccup) connect again ourselves.
     */
    const recheck = async () => {
      // A request already in flight (the resync of the last connect) may predate the
      // revocation: ask again rather than join it.
      await queryClient.cancelQueries({ queryKey: sessionKey(), exact: true });
      const session = await queryClient
        .fetchQuery({ ...sessionQuery(), staleTime: 0 })
        .catch(() => undefined);
      if (closed || session === null) return;
      const delay = RETRY_MS[Math.min(attempts, RETRY_MS.length - 1)] ?? 30_000;
      attempts += 1;
      clearTimeout(retry);
      retry = setTimeout(() => {
        if (!closed && !socket.connected) socket.connect();
      }, delay);
    };

    socket.on('connect', () => {
      connectedOnce = true;
      attempts = 0;
      setState({ status: 'live', staleSince: null });
      void resyncAll(queryClient);
    });
    socket.on('disconnect', () => {
      // socket.active: the client retries by itself (anything but a deliberate disconnect).
      down('reconnecting');
      if (!socket.active) void recheck();
    });
    socket.on('connect_error', () => {
      // Never connected yet counts as stale too: what is shown is as old as the page.
      down(connectedOnce ? 'reconnecting' : 'connecting');
      if (!socket.active) void recheck();
    });
    socket.on('inventory:changed', (event) => void applyInventoryChanged(queryClient, event));
    socket.on('host:state', (host) => void applyHostState(queryClient, host));
    socket.on('job:updated', (job) => void applyJobUpdated(queryClient, job));
    socket.on('job:progress', (event) => void applyJobProgress(queryClient, event));
    socket.on('server:hello', (event) => applyServerHello(queryClient, event));
    // The server says why before it closes the socket; the session check makes it final.
    socket.on('auth:signed-out', () => void recheck());

    return () => {
      closed = true;
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
      setState(INITIAL); // the next session starts from scratch
    };
  }, [queryClient, sessionId, createSocket]);

  return (
    <ConnectionStatusContext value={sessionId === null ? SIGNED_OUT : state}>
      {children}
    </ConnectionStatusContext>
  );
}
