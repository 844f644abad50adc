import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { healthQuery } from '../../api/queries';
import { BUILD_CHECK_MS } from './kioskData';

/**
 * A wall screen runs for weeks: when a new build is deployed it must pick it up by itself.
 * The build this page started with is the first one the server reports (GET /api/health,
 * or `server:hello` which writes into the same query); any other one later means reload.
 */
export function useBuildReload(reload: () => void = () => window.location.reload()): void {
  const health = useQuery({
    ...healthQuery(),
    refetchInterval: BUILD_CHECK_MS,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
  });
  const loadedWith = useRef<string | null>(null);
  const build = health.data?.build ?? null;

  useEffect(() => {
    if (build === null) return;
    if (loadedWith.current === null) loadedWith.current = build;
    else if (build !== loadedWith.current) reload();
  }, [build, reload]);
}
