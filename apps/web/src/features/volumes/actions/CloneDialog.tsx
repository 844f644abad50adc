import {
  CloneVolumeRequestSchema,
  VolumeFormatSchema,
  routes,
  type CloneVolumeRequest,
  type Volume,
} from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { poolsQuery } from '../../../api/queries';
import { Dialog, Field, TextField } from '../../../components/Dialog';
import { Name } from '../../../components/Name';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { visibleName } from '../../../lib/controlChars';

export interface VolumeDialogProps {
  hostId: string;
  pool: string;
  volume: Volume;
  onClose: () => void;
}

const SAME = '';

/** Clone a volume, into this pool or another running pool of the same host. */
export function CloneDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const pools = useQuery(poolsQuery(hostId));
  const [name, setName] = useState(`${volume.name}-clone`);
  const [targetPool, setTargetPool] = useState(pool);
  const [format, setFormat] = useState(SAME);
  const [errors, setErrors] = useState<FieldErrors>({});
  const clone = useJobMutation((body: CloneVolumeRequest) =>
    callApi(routes.volumeClone, { params: { hostId, pool, volume: volume.name }, body }),
  );
  const running = (pools.data ?? []).filter((p) => p.state === 'running').map((p) => p.name);
  const targets = running.includes(pool) ? running : [pool, ...running];

  const submit = () => {
    const result = validate(CloneVolumeRequestSchema, {
      name,
      targetPool: targetPool === pool ? undefined : targetPool,
      format: format === SAME ? undefined : format,
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    clone.mutate(result.data, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={
        <>
          Clone <Name value={volume.name} />
        </>
      }
      confirmLabel="Clone"
      onClose={onClose}
      onSubmit={submit}
      busy={clone.isPending}
      error={clone.error}
      testId="clone-dialog"
    >
      <TextField label="Name" value={name} onChange={setName} error={errors.name} autoFocus />
      <Field label="Target pool" error={errors.targetPool}>
        {(props) => (
          <select
            {...props}
            className="input"
            value={targetPool}
            onChange={(e) => setTargetPool(e.target.value)}
          >
            {targets.map((p) => (
              <option key={p} value={p}>
                {visibleName(p)}
                {p === pool ? ' (this pool)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Format" error={errors.format}>
        {(props) => (
          <select
            {...props}
            className="input"
            value={format}
            onChange={(e) => setFormat(e.target.value)}
          >
            <option value={SAME}>Same as source{volume.format ? ` (${volume.format})` : ''}</option>
            {VolumeFormatSchema.options.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        )}
      </Field>
    </Dialog>
  );
}
