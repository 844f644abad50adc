import type { Host } from '@poolwatch/shared';
import { createContext, useContext } from 'react';

export interface HostContextValue {
  hostId: string;
  /** undefined while the host list loads (or when it failed). */
  host: Host | undefined;
  /** HostLayout already shows the unreachable banner: pages must not show a second one. */
  bannerShown: boolean;
}

export const HostContext = createContext<HostContextValue | null>(null);

export function useHostContext(): HostContextValue {
  const value = useContext(HostContext);
  if (!value) throw new Error('useHostContext must be used below HostLayout');
  return value;
}
