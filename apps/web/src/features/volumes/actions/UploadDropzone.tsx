import { useId, useState, type DragEvent } from 'react';
import { useCan } from '../../../auth/useSession';
import { Name } from '../../../components/Name';
import { errorMessage } from '../../../api/http';
import { UploadNewDialog } from './UploadNewDialog';
import { useResumableUpload, type ResumableUploadVariables } from './uploadResumable';

/** The drop zone, for roles that may act. */
export function UploadDropzone(props: { hostId: string; pool: string }) {
  return useCan('mutate') ? <Dropzone {...props} /> : null;
}

/**
 * Drop a file (or pick one): a dialog asks the new volume's name and format, then the upload
 * starts (tus: retried and resumed after a drop or a BFF restart). Progress is the server's
 * job (jobs panel, the new row), not a client-side byte counter.
 */
function Dropzone({ hostId, pool }: { hostId: string; pool: string }) {
  const upload = useResumableUpload();
  const inputId = useId();
  const [over, setOver] = useState(false);
  const [picked, setPicked] = useState<File | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const start = (variables: ResumableUploadVariables) => {
    const { volume } = variables;
    setMessage(`Uploading to ${volume}… progress is shown in the jobs panel.`);
    upload.mutate(variables, {
      onSuccess: () => setMessage(`Uploaded ${volume}.`),
      onError: () => setMessage(null),
    });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    setPicked(event.dataTransfer.files[0] ?? null);
  };

  return (
    <>
      <div
        className={`dropzone${over ? ' dropzone--over' : ''}`}
        data-testid="upload-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className="dropzone__label">
          Drop a file here to upload it as a new volume, or <u>choose a file</u>
        </label>
        <input
          id={inputId}
          type="file"
          className="dropzone__input"
          data-testid="upload-file-input"
          onChange={(e) => {
            setPicked(e.target.files?.[0] ?? null);
            e.target.value = '';
          }}
        />
        {message && (
          <span className="muted small" role="status">
            {message}
          </span>
        )}
        {upload.error && (
          <span className="text-danger small" role="alert" data-testid="upload-dropzone-error">
            <Name value={errorMessage(upload.error)} />
          </span>
        )}
      </div>
      {picked && (
        <UploadNewDialog
          hostId={hostId}
          pool={pool}
          file={picked}
          onClose={() => setPicked(null)}
          onStart={start}
        />
      )}
    </>
  );
}
