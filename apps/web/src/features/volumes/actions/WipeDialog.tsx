import {
  WipeVolumeRequestSchema,
  routes,
  type WipeAlgorithm,
  type WipeVolumeRequest,
} from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { wipeAlgorithmsQuery } from '../../../api/jobs';
import { callApi } from '../../../api/http';
import { Checkbox, Dialog, Field } from '../../../components/Dialog';
import { Name } from '../../../components/Name';
import { ErrorAlert, Loading } from '../../../components/QueryStates';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import type { VolumeDialogProps } from './CloneDialog';

/**
 * Wipe overwrites every byte. Algorithms the host cannot run (scrub missing, trim on a file)
 * stay in the list, disabled, with the reason; a checkbox is the explicit confirm step.
 */
export function WipeDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const algorithms = useQuery(wipeAlgorithmsQuery(hostId, pool));
  const [chosen, setChosen] = useState<WipeAlgorithm | ''>('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const wipe = useJobMutation((body: WipeVolumeRequest) =>
    callApi(routes.volumeWipe, { params: { hostId, pool, volume: volume.name }, body }),
  );
  const list = algorithms.data?.algorithms ?? [];
  const firstSupported = list.find((a) => a.supported)?.algorithm ?? '';
  const algorithm = chosen || firstSupported;
  const unsupported = list.filter((a) => !a.supported);

  const submit = () => {
    const result = validate(WipeVolumeRequestSchema, { algorithm });
    if (!result.ok) return setErrors(result.errors);
    if (!confirmed) return setErrors({ confirm: 'Confirm that the data will be destroyed.' });
    setErrors({});
    wipe.mutate(result.data, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={
        <>
          Wipe <Name value={volume.name} />
        </>
      }
      confirmLabel="Wipe"
      danger
      onClose={onClose}
      onSubmit={submit}
      busy={wipe.isPending}
      error={wipe.error}
      confirmDisabled={!confirmed || !algorithm}
      testId="wipe-dialog"
    >
      <p className="dialog__warning">
        Every byte of this volume is overwritten. Its contents cannot be recovered.
      </p>
      {algorithms.isPending && <Loading label="Asking the host which algorithms it can run…" />}
      {algorithms.error && (
        <ErrorAlert error={algorithms.error} title="Could not load wipe algorithms" />
      )}
      {algorithms.data && (
        <Field label="Algorithm" error={errors.algorithm}>
          {(props) => (
            <select
              {...props}
              className="input"
              value={algorithm}
              onChange={(e) => setChosen(e.target.value as WipeAlgorithm)}
            >
              {list.map((a) => (
                <option key={a.algorithm} value={a.algorithm} disabled={!a.supported}>
                  {a.algorithm} ({a.passes} {a.passes === 1 ? 'pass' : 'passes'})
                  {a.supported ? '' : ` — unavailable: ${a.reason ?? 'not supported'}`}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {unsupported.length > 0 && (
        <ul className="dialog__notes muted small" data-testid="wipe-unsupported">
          {unsupported.map((a) => (
            <li key={a.algorithm}>
              {a.algorithm}: {a.reason ?? 'not supported on this host'}
            </li>
          ))}
        </ul>
      )}
      <Checkbox
        label="I understand that the volume's data will be destroyed"
        checked={confirmed}
        onChange={setConfirmed}
        error={errors.confirm}
      />
    </Dialog>
  );
}
