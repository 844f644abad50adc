import { ResizeVolumeRequestSchema, routes, type ResizeVolumeRequest } from '@poolwatch/shared';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { Checkbox, Dialog } from '../../../components/Dialog';
import { Bytes } from '../../../components/Bytes';
import { Name } from '../../../components/Name';
import { SizeField, type SizeValue } from '../../../components/SizeField';
import { TypeToConfirm } from '../../../components/TypeToConfirm';
import { confirmsName } from '../../../lib/confirmName';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { fromBytes, toBytes } from '../../../lib/sizeInput';
import { InUseNotice, usersOf } from '../VolumeUsers';
import type { VolumeDialogProps } from './CloneDialog';
import { forceQuery } from './forced';

/**
 * Grow (or, with Shrink checked, shrink) a volume's capacity. Shrinking a volume something
 * uses asks for its name to be typed and forces the resize; growing harms nobody.
 */
export function ResizeDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const [size, setSize] = useState<SizeValue>(() => fromBytes(volume.capacity ?? 0));
  const [allocate, setAllocate] = useState(false);
  const [shrink, setShrink] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [typed, setTyped] = useState('');
  const resize = useJobMutation(({ body, force }: { body: ResizeVolumeRequest; force: boolean }) =>
    callApi(routes.volumeResize, {
      params: { hostId, pool, volume: volume.name },
      query: forceQuery(force),
      body,
    }),
  );
  const capacity = toBytes(size.amount, size.unit);
  const shrinking =
    capacity !== undefined && volume.capacity !== null && capacity < volume.capacity;
  const users = usersOf(volume, resize.error);
  const guarded = shrinking && users.length > 0;
  const nameTyped = !guarded || confirmsName(typed, volume.name);

  const submit = () => {
    const result = validate(ResizeVolumeRequestSchema, {
      capacity,
      allocate: allocate || undefined,
      shrink: shrink || undefined,
    });
    if (!result.ok) return setErrors(result.errors);
    if (shrinking && !shrink)
      return setErrors({ shrink: 'Check “Shrink” to make the volume smaller.' });
    if (!nameTyped) return setErrors({ shrink: 'Type the volume’s name: something uses it.' });
    setErrors({});
    resize.mutate({ body: result.data, force: guarded }, { onSuccess: onClose });
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
      confirmDisabled={!nameTyped}
      testId="resize-dialog"
    >
      <p className="muted">
        Current capacity: <Bytes value={volume.capacity} error={volume.error} exact />
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
      {guarded && (
        <>
          <InUseNotice hostId={hostId} users={users} action="Shrink" />
          <TypeToConfirm what="volume" name={volume.name} value={typed} onChange={setTyped} />
        </>
      )}
    </Dialog>
  );
}
