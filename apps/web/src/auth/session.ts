import {
  KioskSessionRequestSchema,
  routes,
  type LoginRequest,
  type SessionInfo,
} from '@poolwatch/shared';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { callApi, isUnauthorized, setCsrfToken } from '../api/http';

/**
 * The session is one query: `SessionInfo` while signed in, `null` when not (GET answered
 * 401). Everything else follows from it: route guards redirect, the socket connects or
 * disconnects, the CSRF token is set or dropped.
 */
export const sessionKey = () => ['session'] as const;

const NOT_REPORTED = { reportUnauthorized: false } as const;

export const sessionQuery = () =>
  queryOptions({
    queryKey: sessionKey(),
    queryFn: async ({ signal }): Promise<SessionInfo | null> => {
      try {
        const info = await callApi(routes.session, {}, { signal, ...NOT_REPORTED });
        setCsrfToken(info.csrfToken);
        return info;
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        setCsrfToken(null);
        return null;
      }
    },
    // Only a 401 elsewhere, a sign-in/out or a (re)connect changes it.
    staleTime: Infinity,
    retry: false,
  });

export const isSessionQuery = (key: readonly unknown[]) => key[0] === sessionKey()[0];

/** A session began (sign-in, kiosk token): the token for mutations, then the cache. */
export function startSession(queryClient: QueryClient, info: SessionInfo): void {
  setCsrfToken(info.csrfToken);
  queryClient.setQueryData(sessionKey(), info);
}

/**
 * The session ended (sign-out, or any 401): nothing fetched under it may be shown to whoever
 * signs in next, so every other query and mutation is dropped. The socket follows the
 * session query (RealtimeProvider) and disconnects.
 */
export function endSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.setQueryData(sessionKey(), null);
  void queryClient.cancelQueries({ predicate: (q) => !isSessionQuery(q.queryKey) });
  queryClient.removeQueries({ predicate: (q) => !isSessionQuery(q.queryKey) });
  queryClient.getMutationCache().clear();
}

export function signIn(request: LoginRequest): Promise<SessionInfo> {
  return callApi(routes.sessionLogin, { body: request }, NOT_REPORTED);
}

export function signOut(): Promise<void> {
  return callApi(routes.sessionLogout, {}, NOT_REPORTED);
}

/** Trade a kiosk token for a kiosk session (when the server did not do it on redirect). */
export function kioskSignIn(token: string): Promise<SessionInfo> {
  const body = KioskSessionRequestSchema.parse({ token });
  return callApi(routes.kioskSession, { body }, NOT_REPORTED);
}
