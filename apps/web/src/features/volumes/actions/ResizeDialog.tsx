import { ResizeVolumeRequestSchema, routes, type ResizeVolumeRequest } from '@poolwatch/shared';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { Checkbox, Dialog } from '../../../components/Dialog';
import { Bytes } from '../../../components/Bytes';
import { Name } from '../../../components/Name';
import { SizeField, type SizeValue } from '../../../components/SizeField';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { fromBytes, toBytes } from '../../../lib/sizeInput';
import type { VolumeDialogProps } from './CloneDialog';

/** Grow (or, with Shrink checked, shrink) a volume's capacity. */
export function ResizeDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const [size, setSize] = useState<SizeValue>(() => fromBytes(volume.capacity));
  const [allocate, setAllocate] = useState(false);
  const [shrink, setShrink] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const resize = useJobMutation((body: ResizeVolumeRequest) =>
    callApi(routes.volumeResize, { params: { hostId, pool, volume: volume.name }, body }),
  );
  const capacity = toBytes(size.amount, size.unit);
  const shrinking = capacity !== undefined && capacity < volume.capacity;

  const submit = () => {
    const result = validate(ResizeVolumeRequestSchema, {
      capacity,
      allocate: allocate || undefined,
      shrink: shrink || undefined,
    });
    if (!result.ok) return setErrors(result.errors);
    if (shrinking && !shrink)
      return setErrors({ shrink: 'Check “Shrink” to make the volume smaller.' });
    setErrors({});
    resize.mutate(result.data, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={
        <>
          Resize <Name value={volume.name} />
        </>
      }
      confirmLabel="Resize"
      danger={shrinking}
      onClose={onClose}
      onSubmit={submit}
      busy={resize.isPending}
      error={resize.error}
      testId="resize-dialog"
    >
      <p className="muted">
        Current capacity: <Bytes value={volume.capacity} exact />
      </p>
      <SizeField
        label="Capacity"
        unitLabel="Unit of size"
        value={size}
        onChange={setSize}
        error={errors.capacity}
      />
      <Checkbox
        label="Allocate the added space now"
        checked={allocate}
        onChange={setAllocate}
        error={errors.allocate}
      />
      <Checkbox label="Shrink" checked={shrink} onChange={setShrink} error={errors.shrink} />
      {shrinking && (
        <p className="dialog__warning" role="alert" data-testid="resize-shrink-warning">
          The new capacity is smaller than the current one: data beyond it is lost, and a file
          system inside that was not shrunk first will be damaged.
        </p>
      )}
    </Dialog>
  );
}
