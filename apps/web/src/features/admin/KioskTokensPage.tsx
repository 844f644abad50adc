import {
  CreateKioskTokenRequestSchema,
  type KioskToken,
  type KioskTokenCreated,
} from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { kioskTokensQuery, useCreateKioskToken, useRevokeKioskToken } from '../../api/admin';
import { Dialog, Field } from '../../components/Dialog';
import { formatTime } from '../../lib/time';
import { AdminForm, AdminListPage, RowAction, useSchemaErrors } from './AdminList';

const TOKEN_COLUMNS = [
  { key: 'label', label: 'Label' },
  { key: 'created', label: 'Created' },
  { key: 'last-used', label: 'Last used' },
  { key: 'actions', label: 'Actions', className: 'num' },
];

/** `/admin/kiosk-tokens`: URLs that sign a wall screen in as a watcher. */
export function KioskTokensPage() {
  const tokens = useQuery(kioskTokensQuery());
  const [created, setCreated] = useState<{ label: string; token: KioskTokenCreated } | null>(null);
  const [revoking, setRevoking] = useState<KioskToken | null>(null);

  return (
    <AdminListPage
      title="Kiosk tokens"
      subtitle="Open a token's URL on a wall screen: it shows the kiosk view and can change nothing."
      what="kiosk tokens"
      query={tokens}
      columns={TOKEN_COLUMNS}
      form={
        <>
          <CreateTokenForm onCreated={(label, token) => setCreated({ label, token })} />
          {created && (
            <NewTokenUrl
              label={created.label}
              url={absoluteUrl(created.token.url)}
              onDone={() => setCreated(null)}
            />
          )}
        </>
      }
      after={revoking && <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />}
    >
      {(list) =>
        list.map((token) => (
          <tr key={token.id} data-testid="kiosk-token-row" data-token-id={token.id}>
            <td className="strong">{token.label}</td>
            <td>{formatTime(token.createdAt)}</td>
            <td>{token.lastUsedAt === null ? 'never' : formatTime(token.lastUsedAt)}</td>
            <td>
              <div className="table__actions">
                <RowAction
                  label="Revoke…"
                  testId="kiosk-token-revoke"
                  danger
                  onClick={() => setRevoking(token)}
                />
              </div>
            </td>
          </tr>
        ))
      }
    </AdminListPage>
  );
}

/** The server may answer a path (`/kiosk?token=…`) when it cannot know its public host. */
function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

function CreateTokenForm({
  onCreated,
}: {
  onCreated: (label: string, token: KioskTokenCreated) => void;
}) {
  const [label, setLabel] = useState('');
  const { errors, check } = useSchemaErrors(CreateKioskTokenRequestSchema);
  const create = useCreateKioskToken();
  const submit = () => {
    const request = check({ label });
    if (!request) return;
    create.mutate(request.label, {
      onSuccess: (token) => {
        onCreated(request.label, token);
        setLabel('');
      },
    });
  };
  return (
    <AdminForm
      label="Create kiosk token"
      submitLabel="Create token"
      submitTestId="kiosk-token-create"
      pending={create.isPending}
      error={create.error}
      onSubmit={submit}
    >
      <Field label="Label" error={errors.label} hint="Where the screen hangs, e.g. “NOC wall left”">
        {(props) => (
          <input
            {...props}
            className="input"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        )}
      </Field>
    </AdminForm>
  );
}

/** The URL carries the secret and is never shown again (only its hash is stored). */
function NewTokenUrl({ label, url, onDone }: { label: string; url: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(url).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="secret-once" role="status" data-testid="kiosk-token-created">
      <strong>Kiosk URL for “{label}”: copy it now, it is shown only once.</strong>
      <div className="secret-once__row">
        <code className="secret-once__url" data-testid="kiosk-url">
          {url}
        </code>
        <button
          type="button"
          className="button button--primary button--small"
          data-testid="kiosk-url-copy"
          onClick={copy}
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onDone}>
          Done
        </button>
      </div>
      {copied === 'failed' && (
        <span className="text-danger small">
          The browser refused the clipboard: select the URL and copy it by hand.
        </span>
      )}
    </div>
  );
}

function RevokeDialog({ token, onClose }: { token: KioskToken; onClose: () => void }) {
  const revoke = useRevokeKioskToken();
  return (
    <Dialog
      title={`Revoke kiosk token “${token.label}”?`}
      confirmLabel="Revoke"
      danger
      onClose={onClose}
      onSubmit={() => revoke.mutate(token.id, { onSuccess: onClose })}
      busy={revoke.isPending}
      error={revoke.error}
      testId="revoke-kiosk-token-dialog"
    >
      <p>
        Screens signed in with this token are signed out at once and show “Signed out”. Its URL
        stops working.
      </p>
    </Dialog>
  );
}
