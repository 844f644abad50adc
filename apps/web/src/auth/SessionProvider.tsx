import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { setUnauthorizedHandler } from '../api/http';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import type { SocketFactory } from '../realtime/socket';
import { endSession, sessionQuery } from './session';

/**
 * Loads the session, ends it on any 401 (an expired or revoked session: guards then send the
 * page to sign-in, a kiosk shows "Signed out"), and runs the socket only while signed in.
 */
export function SessionProvider({
  children,
  createSocket,
}: {
  children: ReactNode;
  createSocket?: SocketFactory;
}) {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery());

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(sessionQuery().queryKey) !== null) endSession(queryClient);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  const info = session.data;
  // A new id per signed-in identity: a different user gets a fresh socket.
  const sessionId = info ? `${info.kind}:${info.user}:${info.csrfToken}` : null;

  return (
    <RealtimeProvider sessionId={sessionId} createSocket={createSocket}>
      {children}
    </RealtimeProvider>
  );
}
