import type { VolumeUser } from '@poolwatch/shared';
import { isApiRequestError } from '../../api/http';
import { Name } from '../../components/Name';

/** The users the server named in a 409 `in_use` (fresher than the list), else the list's. */
export function usersOf(volume: { usedBy: VolumeUser[] }, error: unknown): VolumeUser[] {
  if (isApiRequestError(error) && error.id === 'in_use' && error.usedBy) return error.usedBy;
  return volume.usedBy;
}

function UserText({ user }: { user: VolumeUser }) {
  return user.kind === 'domain' ? (
    <>
      domain <Name value={user.name} /> ({user.state})
    </>
  ) : (
    <>
      overlay <Name value={user.name} /> in pool <Name value={user.pool} />
    </>
  );
}

/** Every user, one per line (dialogs, volume detail). */
export function VolumeUsersList({ users }: { users: VolumeUser[] }) {
  if (users.length === 0) return <span className="muted">nothing</span>;
  return (
    <ul className="volume-users" data-testid="volume-users">
      {users.map((user, i) => (
        <li key={i} data-user-kind={user.kind}>
          <UserText user={user} />
        </li>
      ))}
    </ul>
  );
}

/** A small "in use" badge for the volumes table; nothing when the volume is unused. */
export function UsedByBadge({ users }: { users: VolumeUser[] }) {
  if (users.length === 0) return null;
  const domains = users.filter((u) => u.kind === 'domain').length;
  const overlays = users.length - domains;
  const words = [
    domains > 0 ? `${domains} domain${domains > 1 ? 's' : ''}` : null,
    overlays > 0 ? `${overlays} overlay${overlays > 1 ? 's' : ''}` : null,
  ].filter(Boolean);
  return (
    <span
      className="badge badge--used-by"
      data-testid="used-by-badge"
      title={`in use by ${words.join(', ')}`}
    >
      in use: {words.join(', ')}
    </span>
  );
}

/** What a delete, wipe or shrink dialog says about the users, with the warning. */
export function InUseNotice({ users, action }: { users: VolumeUser[]; action: string }) {
  return (
    <div className="dialog__warning" role="alert" data-testid="in-use-notice">
      <p>This volume is in use. {action} it anyway and these break or lose data:</p>
      <VolumeUsersList users={users} />
    </div>
  );
}
