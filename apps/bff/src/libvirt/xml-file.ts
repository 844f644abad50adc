import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * virsh reads a definition (`vol-create FILE`, `pool-define FILE`) on the client side and
 * sends it to the daemon. Writing it to a private file under the data dir keeps every
 * name inside XML (escaped by the builder) and out of the command line: the only token
 * virsh sees is a path of our own making.
 */
export async function withXmlFile<T>(
  dataDir: string,
  xml: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  const dir = join(dataDir, 'tmp');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${randomUUID()}.xml`);
  writeFileSync(path, xml, { mode: 0o600 });
  try {
    return await use(path);
  } finally {
    rmSync(path, { force: true });
  }
}
