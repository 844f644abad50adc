import { HostSchema, InventoryChangedSchema, type Health, type Host } from '@poolwatch/shared';
import type { QueryClient } from '@tanstack/react-query';
import { healthKey, queryKeys } from '../api/queries';

/**
 * How server events land in the query cache. socket.io delivers at most once, so events are
 * hints: they only update or invalidate cached queries, and a (re)connect resyncs everything.
 */

/**
 * After any (re)connect we may have missed events: refetch whatever is on screen. A fetch
 * already in flight (the first page load) is joined rather than cancelled and sent again.
 */
export function resyncAll(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries(undefined, { cancelRefetch: false });
}

/** `inventory:changed`: pool null = the host's pool list changed, else that pool's volumes. */
export function applyInventoryChanged(queryClient: QueryClient, payload: unknown): Promise<void> {
  const event = InventoryChangedSchema.safeParse(payload);
  if (!event.success) return resyncAll(queryClient);
  const { hostId, pool } = event.data;
  if (pool === null) {
    // Pools may have appeared, gone or changed state: everything under the host may be stale.
    return queryClient.invalidateQueries({ queryKey: queryKeys.host(hostId) });
  }
  return Promise.all([
    // The pool's row (allocation, volume count) in the pool list ...
    queryClient.invalidateQueries({ queryKey: queryKeys.pools(hostId), exact: true }),
    // ... and the pool itself, its volume list and every volume below it.
    queryClient.invalidateQueries({ queryKey: queryKeys.pool(hostId, pool) }),
  ]).then(() => undefined);
}

/** `host:state`: the whole Host, written straight into the host list. */
export function applyHostState(queryClient: QueryClient, payload: unknown): Promise<void> {
  const parsed = HostSchema.safeParse(payload);
  if (!parsed.success) return resyncAll(queryClient);
  const host = parsed.data;

  const hosts = queryClient.getQueryData<Host[]>(queryKeys.hosts());
  const previous = hosts?.find((h) => h.id === host.id);
  if (!hosts || !previous) {
    // Not loaded yet, or a host we do not know: let the list be fetched whole.
    return queryClient.invalidateQueries({ queryKey: queryKeys.hosts(), exact: true });
  }
  queryClient.setQueryData<Host[]>(
    queryKeys.hosts(),
    hosts.map((h) => (h.id === host.id ? host : h)),
  );
  if (previous.state !== host.state) {
    // Back online (or gone): what we fetched under that host is no longer the truth.
    return queryClient.invalidateQueries({
      queryKey: queryKeys.host(host.id),
      refetchType: host.state === 'connected' ? 'active' : 'none',
    });
  }
  return Promise.resolve();
}

/**
 * `server:hello { build }` on every connect: the deployed build goes where GET /api/health
 * puts it, so one place (the kiosk's build watch) compares it with the build it loaded with.
 */
export function applyServerHello(queryClient: QueryClient, payload: unknown): void {
  const build =
    typeof payload === 'object' && payload !== null && 'build' in payload ? payload.build : null;
  if (typeof build !== 'string') return;
  queryClient.setQueryData<Health>(healthKey(), { status: 'ok', build });
}
