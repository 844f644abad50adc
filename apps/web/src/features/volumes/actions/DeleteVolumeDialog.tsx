import { routes } from '@poolwatch/shared';
import { useJobMutation } from '../../../api/jobMutations';
import { callApi } from '../../../api/http';
import { Dialog } from '../../../components/Dialog';
import { Name } from '../../../components/Name';
import type { VolumeDialogProps } from './CloneDialog';

export function DeleteVolumeDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const remove = useJobMutation(() =>
    callApi(routes.volumeDelete, { params: { hostId, pool, volume: volume.name } }),
  );
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
      onSubmit={() => remove.mutate(undefined, { onSuccess: onClose })}
      busy={remove.isPending}
      error={remove.error}
      testId="delete-volume-dialog"
    >
      <p>
        The volume <Name value={volume.name} /> and its data are removed from pool{' '}
        <Name value={pool} />. This cannot be undone.
      </p>
    </Dialog>
  );
}
