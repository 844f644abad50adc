import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { endSession, kioskSignIn, sessionQuery, startSession } from '../../auth/session';
import { DocumentTitle } from '../../components/DocumentTitle';
import { KioskScreen } from './KioskScreen';
import './kiosk.css';

/**
 * `/kiosk`: the wall screen. Opened as `/kiosk?token=…`, the server trades the token for a
 * session cookie and redirects here without it; should the token still be in the URL (a
 * proxy that swallowed the redirect, a bookmark), the page trades it itself and takes it
 * out of the address bar and history. Outside the admin shell: no links, no controls.
 */
export function KioskPage() {
  useKioskDocument();
  const exchanging = useTokenExchange();
  const session = useQuery(sessionQuery());

  if (exchanging) return <KioskMessage>Signing in…</KioskMessage>;
  if (session.data === null) return <KioskSignedOut />;
  if (session.data) return <KioskScreen />;
  if (session.error) {
    return <KioskMessage>Cannot reach the Poolwatch server, retrying…</KioskMessage>;
  }
  return <KioskMessage>Connecting…</KioskMessage>;
}

/** The dark, scroll-free page: on <html> so nothing around the kiosk can scroll or glare. */
function useKioskDocument() {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('kiosk-mode');
    return () => root.classList.remove('kiosk-mode');
  }, []);
}

function useTokenExchange(): boolean {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = new URLSearchParams(location.search).get('token');
  const [pending, setPending] = useState(token !== null);
  const started = useRef(false);

  useEffect(() => {
    if (token === null || started.current) return;
    started.current = true; // once, also under StrictMode's double effects
    setPending(true);
    // Out of the address bar and history first: the token is a password.
    const rest = new URLSearchParams(location.search);
    rest.delete('token');
    const search = rest.toString();
    void navigate({ search: search ? `?${search}` : '' }, { replace: true });
    kioskSignIn(token)
      .then((info) => startSession(queryClient, info))
      .catch(() => endSession(queryClient))
      .finally(() => setPending(false));
  }, [token, location.search, navigate, queryClient]);

  return pending;
}

function KioskMessage({ children }: { children: ReactNode }) {
  return (
    <div className="kiosk kiosk--message" data-testid="kiosk-message">
      <DocumentTitle parts={['Kiosk']} />
      <p className="kiosk__message">{children}</p>
    </div>
  );
}

/** The session was revoked or expired: say so across the room, with no way to act. */
export function KioskSignedOut() {
  return (
    <div className="kiosk kiosk--signed-out" data-testid="kiosk-signed-out" role="alert">
      <DocumentTitle parts={['Signed out', 'Kiosk']} />
      <p className="kiosk__signed-out-title">Signed out</p>
      <p className="kiosk__signed-out-text">
        This screen’s kiosk session has ended. Open its kiosk URL again to show Poolwatch here.
      </p>
    </div>
  );
}
