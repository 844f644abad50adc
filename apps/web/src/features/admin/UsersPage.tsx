import {
  CreateUserRequestSchema,
  RoleSchema,
  SetPasswordRequestSchema,
  type Role,
  type UserSummary,
} from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useCreateUser, useRemoveUser, useSetPassword, usersQuery } from '../../api/admin';
import { useSession } from '../../auth/useSession';
import { Dialog, Field } from '../../components/Dialog';
import { formatTime } from '../../lib/time';
import { AdminForm, AdminListPage, RowAction, useSchemaErrors } from './AdminList';

const USER_COLUMNS = [
  { key: 'username', label: 'Username' },
  { key: 'role', label: 'Role' },
  { key: 'created', label: 'Created' },
  { key: 'actions', label: 'Actions', className: 'num' },
];

/** `/admin/users`: who may sign in, as what. */
export function UsersPage() {
  const users = useQuery(usersQuery());
  const me = useSession();
  const [removing, setRemoving] = useState<UserSummary | null>(null);
  const [resetting, setResetting] = useState<UserSummary | null>(null);

  return (
    <AdminListPage
      title="Users"
      subtitle="Admins act; viewers only watch."
      what="users"
      query={users}
      columns={USER_COLUMNS}
      form={<AddUserForm />}
      after={
        <>
          {removing && <RemoveUserDialog user={removing} onClose={() => setRemoving(null)} />}
          {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
        </>
      }
    >
      {(list) =>
        list.map((user) => (
          <tr key={user.username} data-testid="user-row" data-username={user.username}>
            <td className="strong">
              {user.username}
              {me?.kind === 'user' && me.user === user.username && (
                <span className="muted"> (you)</span>
              )}
            </td>
            <td data-testid="user-role">{user.role}</td>
            <td>{formatTime(user.createdAt)}</td>
            <td>
              <div className="table__actions">
                <RowAction
                  label="Reset password…"
                  testId="user-reset-password"
                  onClick={() => setResetting(user)}
                />
                <RowAction
                  label="Remove…"
                  testId="user-remove"
                  danger
                  onClick={() => setRemoving(user)}
                />
              </div>
            </td>
          </tr>
        ))
      }
    </AdminListPage>
  );
}

function AddUserForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const { errors, check } = useSchemaErrors(CreateUserRequestSchema);
  const create = useCreateUser();

  const submit = () => {
    const request = check({ username, password, role });
    if (!request) return;
    create.mutate(request, {
      onSuccess: () => {
        setUsername('');
        setPassword('');
      },
    });
  };

  return (
    <AdminForm
      label="Add user"
      submitLabel="Add user"
      submitTestId="user-add"
      errorTestId="user-add-error"
      pending={create.isPending}
      error={create.error}
      onSubmit={submit}
    >
      <Field label="Username" error={errors.username}>
        {(props) => (
          <input
            {...props}
            className="input"
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        )}
      </Field>
      <Field label="Role">
        {(props) => (
          <select
            {...props}
            className="input"
            value={role}
            onChange={(e) => setRole(RoleSchema.parse(e.target.value))}
          >
            {RoleSchema.options.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Password" error={errors.password}>
        {(props) => (
          <input
            {...props}
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
    </AdminForm>
  );
}

function RemoveUserDialog({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const remove = useRemoveUser();
  return (
    <Dialog
      title={`Remove user ${user.username}?`}
      confirmLabel="Remove"
      danger
      onClose={onClose}
      onSubmit={() => remove.mutate(user.username, { onSuccess: onClose })}
      busy={remove.isPending}
      error={remove.error}
      testId="remove-user-dialog"
    >
      <p>{user.username} can no longer sign in, and any session they have open ends at once.</p>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const { errors, check } = useSchemaErrors(SetPasswordRequestSchema);
  const reset = useSetPassword();
  const submit = () => {
    if (!check({ password })) return;
    reset.mutate({ username: user.username, password }, { onSuccess: onClose });
  };
  return (
    <Dialog
      title={`New password for ${user.username}`}
      confirmLabel="Set password"
      onClose={onClose}
      onSubmit={submit}
      busy={reset.isPending}
      error={reset.error}
      testId="reset-password-dialog"
    >
      <Field label="New password" error={errors.password}>
        {(props) => (
          <input
            {...props}
            className="input"
            type="password"
            autoComplete="new-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
