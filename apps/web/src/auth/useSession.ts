import type { SessionInfo } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { can, type Action } from './permissions';
import { sessionQuery } from './session';

/** The current session: undefined while the first GET /api/session is in flight. */
export function useSession(): SessionInfo | null | undefined {
  return useQuery(sessionQuery()).data;
}

/**
 * The one gate for action controls: `if (!useCan('mutate')) return null`. Unknown (still
 * loading) means no: controls appear once the role is known, never flash for a viewer.
 */
export function useCan(action: Action): boolean {
  return can(useSession(), action);
}
