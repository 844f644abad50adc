import type { Volume, VolumeUser } from '@poolwatch/shared';
import { Link } from 'react-router';
import { isApiRequestError } from '../../api/http';
import { Name } from '../../components/Name';
import { visibleName } from '../../lib/controlChars';
import { routes } from '../../lib/routes';

/** The users the server named in a 409 `in_use` (fresher than the list), else the list's. */
export function usersOf(volume: { usedBy: VolumeUser[] }, error: unknown): VolumeUser[] {
  if (isApiRequestError(error) && error.id === 'in_use' && error.usedBy) return error.usedBy;
  return volume.usedBy;
}

/**
 * An overlay links to its volume page; a domain has no page of ours (Poolwatch does not
 * manage domains), so it is named with its state.
 */
function UserText({ hostId, user }: { hostId: string; user: VolumeUser }) {
  return user.kind === 'domain' ? (
    <>
      domain <Name value={user.name} /> ({user.state})
    </>
  ) : (
    <>
      overlay{' '}
      <Link to={routes.volume(hostId, user.pool, user.name)} data-testid="used-by-link">
        <Name value={user.name} />
      </Link>{' '}
      in pool{' '}
      <Link to={routes.pool(hostId, user.pool)}>
        <Name value={user.pool} />
      </Link>
    </>
  );
}

/** Every user, one per line (dialogs, volume detail). */
export function VolumeUsersList({ hostId, users }: { hostId: string; users: VolumeUser[] }) {
  if (users.length === 0) return <span className="muted">nothing</span>;
  return (
    <ul className="volume-users" data-testid="volume-users">
      {users.map((user, i) => (
        <li key={i} data-user-kind={user.kind}>
          <UserText hostId={hostId} user={user} />
        </li>
      ))}
    </ul>
  );
}

/**
 * A backing store: a link to its volume when the BFF found it in a pool of this host, else
 * the path as text (a file outside every pool has no page).
 */
export function BackingStore({
  hostId,
  volume,
}: {
  hostId: string;
  volume: Pick<Volume, 'backingStore' | 'backingVolume'>;
}) {
  if (volume.backingStore === null) return null;
  const path = <Name value={volume.backingStore} />;
  const target = volume.backingVolume;
  if (!target) return path;
  return (
    <Link
      to={routes.volume(hostId, target.pool, target.name)}
      data-testid="backing-store-link"
      title={`${visibleName(target.name)} in pool ${visibleName(target.pool)}`}
    >
      {path}
    </Link>
  );
}

/** A small "in use" badge for the volumes table; nothing when the volume is unused. */
export function usedByWords(users: VolumeUser[]): string {
  const domains = users.filter((u) => u.kind === 'domain').length;
  const overlays = users.length - domains;
  return [
    domains > 0 ? `${domains} domain${domains > 1 ? 's' : ''}` : null,
    overlays > 0 ? `${overlays} overlay${overlays > 1 ? 's' : ''}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

export function UsedByBadge({ users }: { users: VolumeUser[] }) {
  if (users.length === 0) return null;
  const words = usedByWords(users);
  // The tooltip names them; the volume's page lists them with links.
  const names = users
    .map((u) =>
      u.kind === 'domain'
        ? `domain ${visibleName(u.name)} (${u.state})`
        : `overlay ${visibleName(u.name)} in ${visibleName(u.pool)}`,
    )
    .join('\n');
  return (
    <span
      className="badge badge--used-by"
      data-testid="used-by-badge"
      title={`in use by ${words}:\n${names}`}
    >
      in use: {words}
    </span>
  );
}

/** What a delete, wipe or shrink dialog says about the users, with the warning. */
export function InUseNotice({
  hostId,
  users,
  action,
}: {
  hostId: string;
  users: VolumeUser[];
  action: string;
}) {
  return (
    <div className="dialog__warning" role="alert" data-testid="in-use-notice">
      <p>This volume is in use. {action} it anyway and these break or lose data:</p>
      <VolumeUsersList hostId={hostId} users={users} />
    </div>
  );
}
