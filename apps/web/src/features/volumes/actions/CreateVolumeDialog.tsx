import {
  CreateVolumeRequestSchema,
  routes,
  type CreateVolumeRequest,
  type VolumeFormat,
} from '@poolwatch/shared';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { BandwidthField, bandwidthBytes } from '../../../components/BandwidthField';
import { Checkbox, Dialog, Field, TextField } from '../../../components/Dialog';
import { FormatField } from '../../../components/FormatField';
import { Name } from '../../../components/Name';
import { SizeField, type SizeValue } from '../../../components/SizeField';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { toBytes } from '../../../lib/sizeInput';

/** New volume: sizes typed with units, sent as exact bytes; validated by the shared schema. */
export function CreateVolumeDialog({
  hostId,
  pool,
  onClose,
}: {
  hostId: string;
  pool: string;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState<SizeValue>({ amount: '10', unit: 'GiB' });
  const [allocation, setAllocation] = useState<SizeValue>({ amount: '', unit: 'GiB' });
  const [format, setFormat] = useState<VolumeFormat | ''>('qcow2');
  const [backingPath, setBackingPath] = useState('');
  const [backingFormat, setBackingFormat] = useState<VolumeFormat | ''>('qcow2');
  const [bandwidth, setBandwidth] = useState('');
  const [preallocate, setPreallocate] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useJobMutation((body: CreateVolumeRequest) =>
    callApi(routes.volumeCreate, { params: { hostId, pool }, body }),
  );

  // Only a raw volume with space to reserve has bytes moved by Poolwatch's own (limitable)
  // allocator; libvirt allocates every other format inside one call.
  const moves = allocation.amount.trim() !== '' && (format === '' || format === 'raw');

  const submit = () => {
    const result = validate(CreateVolumeRequestSchema, {
      name,
      capacity: toBytes(capacity.amount, capacity.unit),
      allocation: toBytes(allocation.amount, allocation.unit),
      format: format === '' ? undefined : format,
      backingStore: backingPath.trim()
        ? { path: backingPath.trim(), format: backingFormat }
        : undefined,
      preallocateMetadata: preallocate || undefined,
      bandwidth: moves ? bandwidthBytes(bandwidth) : undefined,
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={
        <>
          New volume in <Name value={pool} />
        </>
      }
      confirmLabel="Create"
      onClose={onClose}
      onSubmit={submit}
      busy={create.isPending}
      error={create.error}
      testId="create-volume-dialog"
    >
      <TextField label="Name" value={name} onChange={setName} error={errors.name} autoFocus />
      <SizeField
        label="Capacity"
        unitLabel="Unit of size"
        value={capacity}
        onChange={setCapacity}
        error={errors.capacity}
      />
      <SizeField
        label="Allocation"
        unitLabel="Unit of allocated size"
        value={allocation}
        onChange={setAllocation}
        error={errors.allocation}
        placeholder="sparse"
        hint="Space to reserve now; empty for a sparse volume."
      />
      <FormatField value={format} onChange={setFormat} error={errors.format} unset="Pool default" />
      {moves && (
        <BandwidthField value={bandwidth} onChange={setBandwidth} error={errors.bandwidth} />
      )}
      <fieldset className="fieldset">
        <legend>Backing store (optional)</legend>
        <Field
          label="Backing store path"
          error={errors.backingStore ?? errors['backingStore.path']}
        >
          {(props) => (
            <input
              {...props}
              className="input mono"
              value={backingPath}
              placeholder="/var/lib/libvirt/images/base.qcow2"
              onChange={(e) => setBackingPath(e.target.value)}
            />
          )}
        </Field>
        <FormatField
          label="Backing store image type"
          value={backingFormat}
          onChange={setBackingFormat}
          error={errors['backingStore.format']}
        />
      </fieldset>
      <Checkbox
        label="Preallocate metadata (qcow2)"
        checked={preallocate}
        disabled={format !== 'qcow2'}
        onChange={setPreallocate}
        error={errors.preallocateMetadata}
      />
    </Dialog>
  );
}
