import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { endSession, signOut } from '../../auth/session';

/** Navigation state asking the sign-in page to sign the current session out. */
export const SIGN_OUT_STATE = { signOut: true } as const;

const asksSignOut = (state: unknown) =>
  typeof state === 'object' && state !== null && 'signOut' in state && state.signOut === true;

/**
 * Sign out from the (unguarded) sign-in page. Ending the session while a guarded page is
 * still mounted would let its guard redirect to `/signin?next=<that page>`, and the next
 * person to sign in (maybe a viewer) would land on it; and the server's own reaction to the
 * DELETE (it closes the socket, later requests get 401) would race any order we choose there.
 */
export function useSignOutOnArrival(): void {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const started = useRef(false);
  const wanted = asksSignOut(location.state);

  useEffect(() => {
    if (!wanted || started.current) return;
    started.current = true; // once, also under StrictMode's double effects
    // Out of history state, so a reload or Back never signs out a later session.
    void navigate({ search: location.search }, { replace: true, state: null });
    // Signed out here either way: a failed DELETE (server gone) must not leave the page
    // looking signed in. endSession closes the socket and drops the cache.
    void signOut()
      .catch(() => undefined)
      .finally(() => endSession(queryClient));
  }, [wanted, location.search, navigate, queryClient]);
}
