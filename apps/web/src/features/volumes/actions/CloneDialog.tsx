import {
  CloneVolumeRequestSchema,
  routes,
  type CloneVolumeRequest,
  type Volume,
  type VolumeFormat,
} from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { poolsQuery } from '../../../api/queries';
import { BandwidthField, bandwidthBytes } from '../../../components/BandwidthField';
import { Dialog, Field, TextField } from '../../../components/Dialog';
import { FormatField } from '../../../components/FormatField';
import { Name } from '../../../components/Name';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { visibleName } from '../../../lib/controlChars';

export interface VolumeDialogProps {
  hostId: string;
  pool: string;
  volume: Volume;
  onClose: () => void;
}

/** Clone a volume, into this pool or another running pool of the same host. */
export function CloneDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const pools = useQuery(poolsQuery(hostId));
  const [name, setName] = useState(`${volume.name}-clone`);
  const [targetPool, setTargetPool] = useState(pool);
  const [format, setFormat] = useState<VolumeFormat | ''>('');
  const [bandwidth, setBandwidth] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const clone = useJobMutation((body: CloneVolumeRequest) =>
    callApi(routes.volumeClone, { params: { hostId, pool, volume: volume.name }, body }),
  );
  const running = (pools.data ?? []).filter((p) => p.state === 'running').map((p) => p.name);
  const targets = running.includes(pool) ? running : [pool, ...running];

  // raw → raw is copied by Poolwatch's own (limitable) mover; a format change runs libvirt's.
  const sourceFormat = volume.format ?? 'raw';
  const rawToRaw = sourceFormat === 'raw' && (format === '' || format === 'raw');

  const submit = () => {
    const result = validate(CloneVolumeRequestSchema, {
      name,
      targetPool: targetPool === pool ? undefined : targetPool,
      format: format === '' ? undefined : format,
      bandwidth: rawToRaw ? bandwidthBytes(bandwidth) : undefined,
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
      <FormatField
        value={format}
        onChange={setFormat}
        error={errors.format}
        unset={`Same as source${volume.format ? ` (${volume.format})` : ''}`}
      />
      {rawToRaw && (
        <BandwidthField value={bandwidth} onChange={setBandwidth} error={errors.bandwidth} />
      )}
    </Dialog>
  );
}
