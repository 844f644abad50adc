import { useEffect, useState } from 'react';
import { Checkbox } from '../../../components/Dialog';
import { formatBytes } from '../../../lib/format';
import {
  findResumeOffer,
  uploadFingerprint,
  type ResumableUploadVariables,
  type ResumeOffer,
  type UploadTarget,
} from './uploadResumable';

/**
 * An unfinished upload of `file` to `target` (a closed tab, a browser restart), found in
 * localStorage and still held by the server; null while looking or when there is none.
 */
export function useResumeOffer(target: UploadTarget | null, file: File | null): ResumeOffer | null {
  const key = target && file ? uploadFingerprint(target, file) : null;
  const [found, setFound] = useState<{ key: string; offer: ResumeOffer | null } | null>(null);
  useEffect(() => {
    if (!target || !file || key === null) return;
    let current = true;
    void findResumeOffer(target, file)
      .catch(() => null)
      .then((offer) => current && setFound({ key, offer }));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is made of target and file
  }, [key]);
  return found && found.key === key ? found.offer : null;
}

/** "Resume from 128 MiB": on by default; off starts over (the earlier upload is cancelled). */
export function ResumeChoice({
  offer,
  resume,
  onChange,
}: {
  offer: ResumeOffer;
  resume: boolean;
  onChange: (resume: boolean) => void;
}) {
  return (
    <div data-testid="upload-resume-offer" data-offset={offer.offset}>
      <Checkbox
        label={`Resume from ${formatBytes(offer.offset)} (of ${formatBytes(offer.length)}, sent before)`}
        checked={resume}
        onChange={onChange}
      />
      {!resume && (
        <p className="muted small">
          {offer.previous.metadata.create === '1'
            ? 'The earlier upload is cancelled and its partial volume deleted, then the file is sent from the start.'
            : 'The earlier upload is cancelled, then the file is sent from the start.'}
        </p>
      )}
    </div>
  );
}

/** What the dialog's choice means for the upload. */
export function resumeVariables(
  offer: ResumeOffer | null,
  resume: boolean,
): Pick<ResumableUploadVariables, 'resume' | 'discard'> {
  if (!offer) return { resume: null, discard: null };
  return resume
    ? { resume: offer.previous, discard: null }
    : { resume: null, discard: offer.previous };
}
