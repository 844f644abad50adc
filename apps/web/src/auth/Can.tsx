import type { ReactNode } from 'react';
import type { Action } from './permissions';
import { useCan } from './useSession';

/** Renders its children only for a session allowed to `do` the action. */
export function Can({ do: action, children }: { do: Action; children: ReactNode }) {
  return useCan(action) ? children : null;
}
