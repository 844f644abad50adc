import { NewVolumeNameSchema, type VolumeFormat } from '@poolwatch/shared';

export interface UploadDefaults {
  /** The volume's name: the file's name. The dialog lets the admin change it. */
  name: string;
  format: VolumeFormat;
}

/**
 * What the upload dialog starts with for a picked or dropped file. Only `.qcow2` names a
 * format for sure (qemu-img's own extension); `.img`, `.iso`, `.raw` or none are bytes as
 * they are, so raw. The admin can change both before the upload starts.
 */
export function uploadDefaults(fileName: string): UploadDefaults {
  const format: VolumeFormat = /\.qcow2$/i.test(fileName) ? 'qcow2' : 'raw';
  return { name: fileName, format };
}

/** The name's problem in words for the dialog, or undefined when the server would accept it. */
export function uploadNameError(name: string): string | undefined {
  if (name === '') return 'Give the new volume a name.';
  const parsed = NewVolumeNameSchema.safeParse(name);
  if (parsed.success) return undefined;
  return `“${name}” cannot be a volume name: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
}
