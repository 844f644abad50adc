import { WipeVolumeRequestSchema, routes, type WipeVolumeRequest } from '@poolwatch/shared';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { BandwidthField, bandwidthBytes } from '../../../components/BandwidthField';
import { Checkbox, Dialog } from '../../../components/Dialog';
import { Name } from '../../../components/Name';
import { TypeToConfirm } from '../../../components/TypeToConfirm';
import { confirmsName } from '../../../lib/confirmName';
import { validate, type FieldErrors } from '../../../lib/formErrors';
import { InUseNotice, usersOf } from '../VolumeUsers';
import type { VolumeDialogProps } from './CloneDialog';
import { forceQuery } from './forced';
import { useWipeAlgorithm, WipeAlgorithmField } from './WipeAlgorithmField';

/** Wipe overwrites every byte; a checkbox is the explicit confirm step. */
export function WipeDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const wipeAlgorithm = useWipeAlgorithm(hostId, pool);
  const { algorithm } = wipeAlgorithm;
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [typed, setTyped] = useState('');
  const [bandwidth, setBandwidth] = useState('');
  // A zero wipe is written by Poolwatch's own (limitable) mover; the others run libvirt's scrub.
  const ownMover = algorithm === 'zero';
  const wipe = useJobMutation(({ body, force }: { body: WipeVolumeRequest; force: boolean }) =>
    callApi(routes.volumeWipe, {
      params: { hostId, pool, volume: volume.name },
      query: forceQuery(force),
      body,
    }),
  );
  const users = usersOf(volume, wipe.error);
  const used = users.length > 0;
  const nameTyped = !used || confirmsName(typed, volume.name);

  const submit = () => {
    const result = validate(WipeVolumeRequestSchema, {
      algorithm,
      bandwidth: ownMover ? bandwidthBytes(bandwidth) : undefined,
    });
    if (!result.ok) return setErrors(result.errors);
    if (!confirmed) return setErrors({ confirm: 'Confirm that the data will be destroyed.' });
    setErrors({});
    if (!nameTyped) return setErrors({ confirm: 'Type the volume’s name: something uses it.' });
    wipe.mutate({ body: result.data, force: used }, { onSuccess: onClose });
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
      confirmDisabled={!confirmed || !algorithm || !nameTyped}
      testId="wipe-dialog"
    >
      <p className="dialog__warning">
        Every byte of this volume is overwritten. Its contents cannot be recovered.
      </p>
      <WipeAlgorithmField state={wipeAlgorithm} error={errors.algorithm} />
      {ownMover && (
        <BandwidthField value={bandwidth} onChange={setBandwidth} error={errors.bandwidth} />
      )}
      <Checkbox
        label="I understand that the volume's data will be destroyed"
        checked={confirmed}
        onChange={setConfirmed}
        error={errors.confirm}
      />
      {used && (
        <>
          <InUseNotice hostId={hostId} users={users} action="Wipe" />
          <TypeToConfirm what="volume" name={volume.name} value={typed} onChange={setTyped} />
        </>
      )}
    </Dialog>
  );
}
