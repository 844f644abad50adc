import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { DocumentTitle } from '../components/DocumentTitle';
import { EmptyState, ErrorAlert, Loading } from '../components/QueryStates';
import { routes } from '../lib/routes';
import type { Action } from './permissions';
import { sessionQuery } from './session';
import { useCan } from './useSession';

/**
 * The admin UI's guard: signed out (or signed out by a 401 later) goes to the sign-in page,
 * which comes back here afterwards. A kiosk session belongs on the kiosk page.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQuery());
  const location = useLocation();

  if (session.data === null) {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={routes.signIn(here)} replace />;
  }
  if (session.data?.kind === 'kiosk') return <Navigate to={routes.kiosk()} replace />;
  if (session.data) return children;
  if (session.error) {
    return (
      <main className="page">
        <ErrorAlert
          error={session.error}
          title="Could not check your session"
          onRetry={() => void session.refetch()}
        />
      </main>
    );
  }
  return (
    <main className="page">
      <Loading label="Checking your session…" />
    </main>
  );
}

/** A page only some roles may open (the nav hides its link; a typed URL lands here). */
export function RequireCan({ action, children }: { action: Action; children: ReactNode }) {
  if (useCan(action)) return children;
  return (
    <>
      <DocumentTitle parts={['Not allowed']} />
      <EmptyState title="Your role cannot open this page">
        Ask an administrator if you need it.
      </EmptyState>
    </>
  );
}
