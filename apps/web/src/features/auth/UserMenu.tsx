import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/http';
import { endSession, signOut } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { routes } from '../../lib/routes';

/** Who is signed in, as what, and Sign out. Always visible: nothing hides behind a hover. */
export function UserMenu() {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: signOut,
    // Signed out either way as far as this page is concerned: a failed DELETE (server gone)
    // must not leave the UI looking signed in. endSession closes the socket, drops the cache.
    onSettled: () => {
      endSession(queryClient);
      void navigate(routes.signIn(), { replace: true });
    },
  });
  if (!session) return null;

  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-menu__who">
        <span className="user-menu__name" data-testid="user-menu-name">
          {session.user}
        </span>
        <span className="user-menu__role" data-testid="user-menu-role">
          {session.role}
        </span>
      </span>
      <button
        type="button"
        className="button button--masthead button--small"
        disabled={logout.isPending}
        onClick={() => logout.mutate()}
      >
        Sign out
      </button>
      {logout.error && (
        <span className="sr-only" role="alert">
          {errorMessage(logout.error)}
        </span>
      )}
    </div>
  );
}
