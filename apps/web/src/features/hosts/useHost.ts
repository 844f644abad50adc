import type { Host } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { hostsQuery } from '../../api/queries';

/** One host out of the host list (kept current by host:state events). */
export function useHost(hostId: string | undefined) {
  const query = useQuery({
    ...hostsQuery(),
    select: (hosts: Host[]) => hosts.find((host) => host.id === hostId) ?? null,
    enabled: hostId !== undefined,
  });
  return { host: query.data ?? undefined, query };
}
