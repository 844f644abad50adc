import {
  routes,
  WipeVolumeRequestSchema,
  type Volume,
  type WipeVolumeRequest,
} from '@poolwatch/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { callApi, errorMessage } from '../../../api/http';
import { rememberJob } from '../../../api/jobMutations';
import { Checkbox, Dialog, TextField } from '../../../components/Dialog';
import { Name } from '../../../components/Name';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { forceQuery } from '../actions/forced';
import { useWipeAlgorithm, WipeAlgorithmField } from '../actions/WipeAlgorithmField';
import { VolumeUsersList } from '../VolumeUsers';
import { knownUsers, startEach } from './bulkStart';

export type BulkAction = 'delete' | 'wipe';

interface BulkVolumeDialogProps {
  hostId: string;
  pool: string;
  action: BulkAction;
  volumes: readonly Volume[];
  /** Names whose job started: the table drops them from the selection. */
  onStarted: (names: string[]) => void;
  onClose: () => void;
}

const VERB = { delete: 'Delete', wipe: 'Wipe' } as const;

/**
 * One confirmation for a bulk delete or wipe: it lists every volume and what uses each, then
 * starts one job per volume. Volumes whose request was refused stay in the dialog with the
 * server's reason; the dialog closes once every job started.
 */
export function BulkVolumeDialog(props: BulkVolumeDialogProps) {
  const { hostId, pool, action, onStarted, onClose } = props;
  const queryClient = useQueryClient();
  const wipeAlgorithm = useWipeAlgorithm(hostId, pool);
  const [remaining, setRemaining] = useState<readonly Volume[]>(props.volumes);
  const [failures, setFailures] = useState<ReadonlyMap<string, unknown>>(new Map());
  const [confirmed, setConfirmed] = useState(false);
  const [typed, setTyped] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const usersFor = knownUsers(failures);
  const used = remaining.filter((v) => usersFor(v).length > 0);
  // A used volume needs more than a click: the count typed, as one name each would be a chore.
  const countTyped = used.length === 0 || typed.trim() === String(remaining.length);
  const verb = VERB[action];
  const count = `${remaining.length} volume${remaining.length === 1 ? '' : 's'}`;

  const submit = async () => {
    // Set exactly when the action is a wipe: then it holds the validated body.
    let body: WipeVolumeRequest | undefined;
    if (action === 'wipe') {
      const result = validate(WipeVolumeRequestSchema, { algorithm: wipeAlgorithm.algorithm });
      if (!result.ok) return setErrors(result.errors);
      body = result.data;
    }
    if (!confirmed) return setErrors({ confirm: 'Confirm that the data will be destroyed.' });
    if (!countTyped) return setErrors({ count: `Type ${remaining.length}: some are in use.` });
    setErrors({});
    setBusy(true);
    const outcomes = await startEach(
      remaining,
      (volume, force) => {
        const params = { hostId, pool, volume: volume.name };
        const query = forceQuery(force);
        return body === undefined
          ? callApi(routes.volumeDelete, { params, query })
          : callApi(routes.volumeWipe, { params, query, body });
      },
      usersFor,
    );
    await Promise.all(outcomes.map((o) => (o.started ? rememberJob(queryClient, o.job) : null)));
    setBusy(false);
    const started = outcomes.filter((o) => o.started).map((o) => o.name);
    if (started.length > 0) onStarted(started);
    const failed = new Map(outcomes.flatMap((o) => (o.started ? [] : [[o.name, o.error]])));
    if (failed.size === 0) return onClose();
    setFailures(failed);
    setRemaining(remaining.filter((v) => failed.has(v.name)));
    setTyped('');
  };

  return (
    <Dialog
      title={`${verb} ${count}?`}
      confirmLabel={`${verb} ${count}`}
      danger
      onClose={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      confirmDisabled={!confirmed || !countTyped || remaining.length === 0}
      testId="bulk-volume-dialog"
    >
      <p>
        {action === 'delete'
          ? 'These volumes and their data are removed from pool '
          : 'Every byte of these volumes is overwritten, in pool '}
        <Name value={pool} />, one job each. This cannot be undone.
      </p>
      <ul className="bulk-list" data-testid="bulk-volumes">
        {remaining.map((volume) => {
          const users = usersFor(volume);
          const failure = failures.get(volume.name);
          return (
            <li key={volume.name} data-volume-name={volume.name}>
              <Name value={volume.name} />
              {users.length > 0 && (
                <div className="dialog__warning small" data-testid="bulk-in-use">
                  in use by: <VolumeUsersList hostId={hostId} users={users} />
                </div>
              )}
              {failure !== undefined && (
                <div className="text-danger small" role="alert" data-testid="bulk-error">
                  not started: <Name value={errorMessage(failure)} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {action === 'wipe' && <WipeAlgorithmField state={wipeAlgorithm} error={errors.algorithm} />}
      <Checkbox
        label={`I understand that the data of ${count} will be destroyed`}
        checked={confirmed}
        onChange={setConfirmed}
        error={errors.confirm}
      />
      {used.length > 0 && (
        <TextField
          label={`${used.length} of them in use: type ${remaining.length} to confirm`}
          value={typed}
          onChange={setTyped}
          error={errors.count}
        />
      )}
    </Dialog>
  );
}
