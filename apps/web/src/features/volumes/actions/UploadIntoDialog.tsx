import { useState } from 'react';
import { useUpload } from '../../../api/jobMutations';
import { Checkbox, Dialog, Field } from '../../../components/Dialog';
import { Bytes } from '../../../components/Bytes';
import { Name } from '../../../components/Name';
import type { VolumeDialogProps } from './CloneDialog';

/**
 * Upload a file over an existing volume. The dialog closes as soon as the upload starts: the
 * server reports progress as a job (jobs panel and the volume's row), not this dialog.
 */
export function UploadIntoDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const upload = useUpload();
  const [file, setFile] = useState<File | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = () => {
    if (!file) return setError('Choose a file to upload.');
    if (!confirmed) return setError(undefined);
    upload.mutate({ hostId, pool, volume: volume.name, file, create: false });
    onClose();
  };

  return (
    <Dialog
      title={
        <>
          Upload into <Name value={volume.name} />
        </>
      }
      confirmLabel="Upload and overwrite"
      danger
      onClose={onClose}
      onSubmit={submit}
      confirmDisabled={!file || !confirmed}
      testId="upload-dialog"
    >
      <Field label="File" error={error}>
        {(props) => (
          <input
            {...props}
            type="file"
            data-testid="upload-into-file-input"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(undefined);
            }}
          />
        )}
      </Field>
      {file && (
        <p className="muted small">
          {file.name}: <Bytes value={file.size} exact />
        </p>
      )}
      <p className="dialog__warning">
        The file’s bytes replace the volume’s current contents, from the start. The volume keeps its
        format: upload an image of the same format.
      </p>
      <Checkbox
        label="Overwrite the volume’s contents"
        checked={confirmed}
        onChange={setConfirmed}
      />
    </Dialog>
  );
}
