import { routes } from '@poolwatch/shared';
import { useState } from 'react';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { Dialog } from '../../../components/Dialog';
import { Name } from '../../../components/Name';
import { TypeToConfirm } from '../../../components/TypeToConfirm';
import { confirmsName } from '../../../lib/confirmName';
import { InUseNotice, usersOf } from '../VolumeUsers';
import type { VolumeDialogProps } from './CloneDialog';
import { forceQuery } from './forced';

/** Delete; a volume something uses asks for its name to be typed, then forces the delete. */
export function DeleteVolumeDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const [typed, setTyped] = useState('');
  const remove = useJobMutation((force: boolean) =>
    callApi(routes.volumeDelete, {
      params: { hostId, pool, volume: volume.name },
      query: forceQuery(force),
    }),
  );
  const users = usersOf(volume, remove.error);
  const used = users.length > 0;
  return (
    <Dialog
      title={
        <>
          Delete <Name value={volume.name} />?
        </>
      }
      confirmLabel="Delete"
      danger
      onClose={onClose}
      onSubmit={() => remove.mutate(used, { onSuccess: onClose })}
      busy={remove.isPending}
      error={remove.error}
      confirmDisabled={used && !confirmsName(typed, volume.name)}
      testId="delete-volume-dialog"
    >
      <p>
        The volume <Name value={volume.name} /> and its data are removed from pool{' '}
        <Name value={pool} />. This cannot be undone.
      </p>
      {used && (
        <>
          <InUseNotice hostId={hostId} users={users} action="Delete" />
          <TypeToConfirm what="volume" name={volume.name} value={typed} onChange={setTyped} />
        </>
      )}
    </Dialog>
  );
}
