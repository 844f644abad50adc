/**
 * Names a mutation for the audit log from its method and path (relative to /api): one
 * table, so the audit middleware covers every mutating route without each route opting in.
 */
const seg = '([^/]+)';
const RULES: [method: string, pattern: RegExp, action: string][] = [
  ['POST', new RegExp(`^/jobs/${seg}/cancel$`), 'job.cancel'],
  ['POST', new RegExp(`^/hosts/${seg}/pools$`), 'pool.define'],
  ['POST', new RegExp(`^/hosts/${seg}/pools/${seg}/(start|stop|build|refresh)$`), 'pool.$'],
  ['PUT', new RegExp(`^/hosts/${seg}/pools/${seg}/autostart$`), 'pool.autostart'],
  ['DELETE', new RegExp(`^/hosts/${seg}/pools/${seg}$`), 'pool.delete'],
  ['POST', new RegExp(`^/hosts/${seg}/pools/${seg}/volumes$`), 'volume.create'],
  [
    'POST',
    new RegExp(`^/hosts/${seg}/pools/${seg}/volumes/${seg}/(clone|wipe|resize)$`),
    'volume.$',
  ],
  ['DELETE', new RegExp(`^/hosts/${seg}/pools/${seg}/volumes/${seg}$`), 'volume.delete'],
  ['PUT', new RegExp(`^/hosts/${seg}/pools/${seg}/volumes/${seg}/content$`), 'volume.upload'],
  // Not a mutation, but it hands out a whole disk's bytes: admins only, and audited.
  ['GET', new RegExp(`^/hosts/${seg}/pools/${seg}/volumes/${seg}/content$`), 'volume.download'],
  ['POST', /^\/users$/, 'user.create'],
  ['DELETE', new RegExp(`^/users/${seg}$`), 'user.remove'],
  ['PUT', new RegExp(`^/users/${seg}/password$`), 'user.passwd'],
  ['POST', /^\/kiosk-tokens$/, 'kiosk-token.create'],
  ['DELETE', new RegExp(`^/kiosk-tokens/${seg}$`), 'kiosk-token.revoke'],
  ['DELETE', /^\/session$/, 'session.logout'],
];

export interface DescribedAction {
  action: string;
  /** host/pool/volume, job id, user name or token id (decoded). */
  target: string | null;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function describeMutation(method: string, path: string): DescribedAction {
  for (const [m, pattern, action] of RULES) {
    if (m !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const groups = match.slice(1).map(decode);
    if (action.endsWith('$')) {
      const verb = groups.pop() ?? '';
      return { action: action.replace('$', verb), target: groups.join('/') || null };
    }
    return { action, target: groups.join('/') || null };
  }
  return { action: `${method} ${path}`, target: null };
}
