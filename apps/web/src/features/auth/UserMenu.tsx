import { useNavigate } from 'react-router';
import { useSession } from '../../auth/useSession';
import { routes } from '../../lib/routes';
import { SIGN_OUT_STATE } from './useSignOutOnArrival';

/** Who is signed in, as what, and Sign out. Always visible: nothing hides behind a hover. */
export function UserMenu() {
  const session = useSession();
  const navigate = useNavigate();
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
        // The sign-in page does the signing out (useSignOutOnArrival): ended here, the
        // session's end would make this page's guard send the next user back to it.
        onClick={() => void navigate(routes.signIn(), { replace: true, state: SIGN_OUT_STATE })}
      >
        Sign out
      </button>
    </div>
  );
}
