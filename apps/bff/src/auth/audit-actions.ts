import { matchRoute } from '@poolwatch/shared';

/**
 * Names a mutation for the audit log from its method and path (relative to /api, still
 * %-encoded): the action is the route contract's `audit` name, so every mutating route is
 * covered without each route opting in, and a new route cannot be added without one.
 */
export interface DescribedAction {
  action: string;
  /** host/pool/volume, job id, user name or token id (decoded), in path order. */
  target: string | null;
}

export function describeMutation(method: string, path: string): DescribedAction {
  const hit = matchRoute(method, path);
  if (!hit?.contract.audit) return { action: `${method} ${path}`, target: null };
  return { action: hit.contract.audit, target: Object.values(hit.params).join('/') || null };
}
