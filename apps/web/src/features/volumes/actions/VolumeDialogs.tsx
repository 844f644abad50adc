import type { Volume } from '@poolwatch/shared';
import { CloneDialog } from './CloneDialog';
import { DeleteVolumeDialog } from './DeleteVolumeDialog';
import { ResizeDialog } from './ResizeDialog';
import { UploadIntoDialog } from './UploadIntoDialog';
import type { VolumeAction } from './VolumeActionsMenu';
import { WipeDialog } from './WipeDialog';

export interface OpenVolumeDialog {
  action: VolumeAction;
  volume: Volume;
}

const DIALOGS = {
  clone: CloneDialog,
  upload: UploadIntoDialog,
  wipe: WipeDialog,
  resize: ResizeDialog,
  delete: DeleteVolumeDialog,
} as const;

/**
 * The one open volume dialog of a table. It lives above the virtual rows: a row scrolled out
 * of view unmounts, its dialog must not.
 */
export function VolumeDialogs({
  hostId,
  pool,
  open,
  onClose,
}: {
  hostId: string;
  pool: string;
  open: OpenVolumeDialog | null;
  onClose: () => void;
}) {
  if (!open) return null;
  const Component = DIALOGS[open.action];
  return <Component hostId={hostId} pool={pool} volume={open.volume} onClose={onClose} />;
}
