import type { Role, SessionInfo } from '@poolwatch/shared';

/**
 * What the UI offers to whom. The server enforces roles (a viewer's mutation is a 403); this
 * only keeps controls that would fail out of sight. One table, so a new role or action is
 * one line, not a hunt through components.
 */
export type Action =
  /** Start jobs, cancel them, change pools and volumes. */
  | 'mutate'
  /** Users, kiosk tokens, the audit log. */
  | 'administer';

const ALLOWED: Record<Action, readonly Role[]> = {
  mutate: ['admin'],
  administer: ['admin'],
};

export function can(session: SessionInfo | null | undefined, action: Action): boolean {
  if (!session) return false;
  // A kiosk screen only watches, whatever role its token carries.
  if (session.kind === 'kiosk') return false;
  return ALLOWED[action].includes(session.role);
}
