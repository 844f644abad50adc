import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The deployed build: BUILD_ID, else a hash of the UI's index.html (which names the
 * hashed bundles), else "dev". Sent in /api/health and `server:hello`.
 */
export function buildId(webDist: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.BUILD_ID) return env.BUILD_ID;
  try {
    const html = readFileSync(join(webDist, 'index.html'));
    return createHash('sha256').update(html).digest('hex').slice(0, 12);
  } catch {
    return 'dev';
  }
}
