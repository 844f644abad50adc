import { VolumeNameSchema } from '@poolwatch/shared';
import { useId, useState, type DragEvent } from 'react';
import { useUpload } from '../../../api/jobMutations';
import { useCan } from '../../../auth/useSession';
import { Name } from '../../../components/Name';

/** The drop zone, for roles that may act. */
export function UploadDropzone(props: { hostId: string; pool: string }) {
  return useCan('mutate') ? <Dropzone {...props} /> : null;
}

/**
 * Drop a file (or pick one) to upload it as a NEW raw volume named after the file. Progress
 * is the server's job (jobs panel, the new row), not a client-side byte counter.
 */
function Dropzone({ hostId, pool }: { hostId: string; pool: string }) {
  const upload = useUpload();
  const inputId = useId();
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const start = (file: File | undefined) => {
    if (!file) return;
    const name = VolumeNameSchema.safeParse(file.name);
    if (!name.success) {
      setMessage(`“${file.name}” cannot be a volume name: ${name.error.issues[0]?.message ?? ''}`);
      return;
    }
    setMessage(`Uploading ${file.name}… progress is shown in the jobs panel.`);
    upload.mutate(
      { hostId, pool, volume: file.name, file, create: true },
      {
        onSuccess: () => setMessage(`Uploaded ${file.name}.`),
        onError: () => setMessage(null),
      },
    );
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    start(event.dataTransfer.files[0]);
  };

  return (
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
        Drop a file here to upload it as a new raw volume, or <u>choose a file</u>
      </label>
      <input
        id={inputId}
        type="file"
        className="dropzone__input"
        data-testid="upload-file-input"
        onChange={(e) => {
          start(e.target.files?.[0]);
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
          <Name value={upload.error.message} />
        </span>
      )}
    </div>
  );
}
