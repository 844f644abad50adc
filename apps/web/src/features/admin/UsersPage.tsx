import {
  CreateUserRequestSchema,
  RoleSchema,
  SetPasswordRequestSchema,
  type Role,
  type UserSummary,
} from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useCreateUser, useRemoveUser, useSetPassword, usersQuery } from '../../api/admin';
import { errorMessage } from '../../api/http';
import { useSession } from '../../auth/useSession';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { Dialog, Field } from '../../components/Dialog';
import { DocumentTitle } from '../../components/DocumentTitle';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loading } from '../../components/QueryStates';
import { validate, type FieldErrors } from '../../lib/formErrors';
import { formatTime } from '../../lib/time';

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
    <>
      <DocumentTitle parts={['Users']} />
      <PageHeader title="Users" subtitle="Admins act; viewers only watch." />
      <Card title="Users" extra={users.data && <span className="muted">{users.data.length}</span>}>
        <AddUserForm />
        {users.error && (
          <ErrorAlert
            error={users.error}
            title="Could not load users"
            onRetry={() => void users.refetch()}
          />
        )}
        {users.isPending && <Loading label="Loading users…" />}
        {users.data?.length === 0 && <EmptyState title="No users" />}
        {users.data && users.data.length > 0 && (
          <DataTable label="Users" columns={USER_COLUMNS}>
            {users.data.map((user) => (
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
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      data-testid="user-reset-password"
                      onClick={() => setResetting(user)}
                    >
                      Reset password…
                    </button>
                    <button
                      type="button"
                      className="button button--danger-outline button--small"
                      data-testid="user-remove"
                      onClick={() => setRemoving(user)}
                    >
                      Remove…
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {removing && <RemoveUserDialog user={removing} onClose={() => setRemoving(null)} />}
      {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

function AddUserForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateUser();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validate(CreateUserRequestSchema, { username, password, role });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data, {
      onSuccess: () => {
        setUsername('');
        setPassword('');
      },
    });
  };

  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-label="Add user">
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
      <button
        type="submit"
        className="button button--primary"
        data-testid="user-add"
        disabled={create.isPending}
      >
        Add user
      </button>
      {create.error && (
        <span className="text-danger admin-form__error" role="alert" data-testid="user-add-error">
          {errorMessage(create.error)}
        </span>
      )}
    </form>
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const reset = useSetPassword();
  const submit = () => {
    const result = validate(SetPasswordRequestSchema, { password });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
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
