import type { VolumeFacts, VolumeUser } from '@poolwatch/shared';
import { InUseError } from '../errors.js';
import { describeUsers } from '../inventory/used-by.js';
import type { HostStorage } from './host-storage.js';
import { vol } from './volume-job-helpers.js';

/**
 * Refuses (409 `in_use`) a delete, wipe or shrinking resize of a volume that an overlay or
 * a domain uses, before a job exists, unless the caller forces it. The users are read fresh
 * from the host (a domain defined a second ago counts). With force nothing is read: the
 * caller has seen the users and confirmed.
 */
export async function requireUnused(
  storage: HostStorage,
  pool: string,
  volume: VolumeFacts,
  action: string,
  force: boolean,
): Promise<void> {
  if (force) return;
  const users: VolumeUser[] = await storage.connection.inventory.usedBy.usersOf(pool, volume);
  if (users.length === 0) return;
  throw new InUseError(
    `${vol(pool, volume.name)} is in use by ${describeUsers(users)}: ${action} it with force=true to do it anyway`,
    users,
  );
}
