import { useState } from 'react';
import { Checkbox, Dialog, Field } from '../../../components/Dialog';
import { Bytes } from '../../../components/Bytes';
import { Name } from '../../../components/Name';
import type { VolumeDialogProps } from './CloneDialog';
import { ResumeChoice, resumeVariables, useResumeOffer } from './UploadResumeChoice';
import { useResumableUpload } from './uploadResumable';

/**
 * Upload a file over an existing volume (tus: retried and resumed after a drop or a BFF
 * restart; the same file picked again after a closed tab offers to resume). The dialog
 * closes as soon as the upload starts: the server reports progress as a job (jobs panel and
 * the volume's row), not this dialog.
 */
export function UploadIntoDialog({ hostId, pool, volume, onClose }: VolumeDialogProps) {
  const upload = useResumableUpload();
  const [file, setFile] = useState<File | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [resume, setResume] = useState(true);
  const [error, setError] = useState<string | undefined>();
  // The volume keeps its format: `format` only matters when an upload creates the volume.
  const target = { hostId, pool, volume: volume.name, create: false, format: 'raw' } as const;
  const offer = useResumeOffer(file ? target : null, file);

  const submit = () => {
    if (!file) return setError('Choose a file to upload.');
    if (!confirmed) return setError(undefined);
    upload.mutate({ ...target, file, ...resumeVariables(offer, resume) });
    onClose();
  };

  return (
    <Dialog
      title={
        <>
          Upload into <Name value={volume.name} />
        </>
      }
      confirmLabel={offer && resume ? 'Resume upload' : 'Upload and overwrite'}
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
      {offer && <ResumeChoice offer={offer} resume={resume} onChange={setResume} />}
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
