import type { VolumeFormat } from '@poolwatch/shared';
import { useState } from 'react';
import { Bytes } from '../../../components/Bytes';
import { BandwidthField } from '../../../components/BandwidthField';
import { Dialog, TextField } from '../../../components/Dialog';
import { FormatField } from '../../../components/FormatField';
import { Name } from '../../../components/Name';
import { uploadDefaults, uploadNameError } from './uploadDefaults';
import { ResumeChoice, resumeVariables, useResumeOffer } from './UploadResumeChoice';
import type { ResumableUploadVariables } from './uploadResumable';

/**
 * Why the upload dialog offers no limit field: the content and tus routes take no
 * `bandwidth` at submit; the BFF paces a running upload (PUT …/limits from the jobs panel).
 */
const UPLOAD_UNLIMITED =
  'an upload starts without a limit; once it runs, pause it or set its limit from the jobs panel.';

export interface UploadNewDialogProps {
  hostId: string;
  pool: string;
  file: File;
  onClose: () => void;
  /** The admin confirmed: what to upload where (the drop zone runs it and reports). */
  onStart: (variables: ResumableUploadVariables) => void;
}

/**
 * A picked or dropped file becomes a NEW volume: this dialog asks its name and format first
 * (defaults from the file: its name, qcow2 for `.qcow2`, else raw), and offers to resume an
 * unfinished upload of the same file to the same name.
 */
export function UploadNewDialog({ hostId, pool, file, onClose, onStart }: UploadNewDialogProps) {
  const [defaults] = useState(() => uploadDefaults(file.name));
  const [name, setName] = useState(defaults.name);
  const [format, setFormat] = useState<VolumeFormat>(defaults.format);
  const [resume, setResume] = useState(true);
  const [shownError, setShownError] = useState<string | undefined>();
  const nameError = uploadNameError(name);
  const target = { hostId, pool, volume: name, create: true, format };
  const offer = useResumeOffer(nameError ? null : target, file);

  const submit = () => {
    if (nameError) return setShownError(nameError);
    onStart({ ...target, file, ...resumeVariables(offer, resume) });
    onClose();
  };

  return (
    <Dialog
      title={
        <>
          Upload <Name value={file.name} />
        </>
      }
      confirmLabel={offer && resume ? 'Resume upload' : 'Upload'}
      onClose={onClose}
      onSubmit={submit}
      testId="upload-new-dialog"
    >
      <p className="muted small">
        <Bytes value={file.size} exact /> into a new volume of this pool.
      </p>
      <TextField
        label="Volume name"
        value={name}
        onChange={(value) => {
          setName(value);
          setShownError(undefined);
        }}
        error={shownError}
        autoFocus
        mono
      />
      <FormatField
        value={format}
        onChange={(value) => value !== '' && setFormat(value)}
        hint="The format of the file's bytes: qcow2 for a qcow2 image, raw for a disk image as it is (.img, .iso, .raw)."
      />
      <BandwidthField value="" onChange={() => undefined} unavailable={UPLOAD_UNLIMITED} />
      {offer && <ResumeChoice offer={offer} resume={resume} onChange={setResume} />}
    </Dialog>
  );
}
