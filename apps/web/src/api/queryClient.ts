import { QueryClient } from '@tanstack/react-query';
import { isApiRequestError } from './http';

/**
 * Changes arrive over socket.io (see src/realtime), so queries only need a short staleTime
 * for navigation back and forth, and no polling.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: shouldRetry,
      },
    },
  });
}

/**
 * Retry only what may be transient. A 4xx will not change by asking again, and a 503 (host
 * unreachable) is reported right away: the host:state event tells us when it is back.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiRequestError(error) && error.status >= 400 && error.status < 500) return false;
  if (isApiRequestError(error) && error.status === 503) return false;
  if (isApiRequestError(error) && error.id === 'invalid_response') return false;
  return failureCount < 2;
}
