/**
 * Client routes. Like the shared `apiPaths`, every name goes through encodeURIComponent, so
 * names with spaces, quotes, ";", "$", "%", "#", "?", unicode or a newline round-trip.
 */
const seg = encodeURIComponent;

export const routePatterns = {
  hosts: '/',
  host: '/hosts/:hostId',
  pool: '/hosts/:hostId/pools/:pool',
  volume: '/hosts/:hostId/pools/:pool/volumes/:volume',
  signIn: '/signin',
  kiosk: '/kiosk',
  users: '/admin/users',
  kioskTokens: '/admin/kiosk-tokens',
  audit: '/admin/audit',
  jobs: '/jobs',
  job: '/jobs/:id',
} as const;

export const routes = {
  hosts: () => '/',
  host: (hostId: string) => `/hosts/${seg(hostId)}`,
  pool: (hostId: string, pool: string) => `/hosts/${seg(hostId)}/pools/${seg(pool)}`,
  volume: (hostId: string, pool: string, volume: string) =>
    `/hosts/${seg(hostId)}/pools/${seg(pool)}/volumes/${seg(volume)}`,
  /** The sign-in page; `next` is where to go back to afterwards. */
  signIn: (next?: string) =>
    next && next !== '/' ? `/signin?${new URLSearchParams({ next }).toString()}` : '/signin',
  kiosk: () => '/kiosk',
  users: () => '/admin/users',
  kioskTokens: () => '/admin/kiosk-tokens',
  audit: () => '/admin/audit',
  jobs: () => '/jobs',
  job: (id: string) => `/jobs/${seg(id)}`,
} as const;

/**
 * Where to go after sign-in: only a path on this site. "//evil.example" and
 * "https://evil.example" are open redirects, "/signin" a loop; all of them become "/".
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const path = next.split(/[?#]/)[0];
  if (path === routePatterns.signIn) return '/';
  return next;
}

/**
 * "." and ".." cannot be a URL path segment: browsers (and the WHATWG URL parser) resolve
 * them, even percent-encoded as "%2E". Volume names can never be these; pool names could.
 */
export function isAddressableName(name: string): boolean {
  return name !== '.' && name !== '..';
}

/**
 * Turns a react-router param back into the exact name.
 *
 * react-router decodes each path segment exactly once, but it then also turns every literal
 * "%2F" left in the decoded value into "/" (its way to keep encoded slashes inside a param).
 * A name spelled "a%2Fb" would come back as "a/b". Pool and volume names can never contain
 * "/" (libvirt refuses it, see PoolNameSchema/VolumeNameSchema), so any "/" in a param can
 * only have been a literal "%2F": put it back. If react-router ever stops doing this, there
 * are no "/" to put back and this is a no-op.
 */
export function nameFromParam(value: string): string {
  return value.replaceAll('/', '%2F');
}

export interface RouteNames {
  hostId?: string;
  pool?: string;
  volume?: string;
}

/** The names in a matched route's params (react-router's `Params`), restored exactly. */
export function namesFromParams(params: Readonly<Record<string, string | undefined>>): RouteNames {
  const names: RouteNames = {};
  if (params.hostId !== undefined) names.hostId = nameFromParam(params.hostId);
  if (params.pool !== undefined) names.pool = nameFromParam(params.pool);
  if (params.volume !== undefined) names.volume = nameFromParam(params.volume);
  return names;
}
