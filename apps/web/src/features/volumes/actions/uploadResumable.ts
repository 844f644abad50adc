import {
  ApiErrorSchema,
  isActiveJobState,
  routes,
  TUS_UPLOADS_PATH,
  type Job,
  type VolumeFormat,
} from '@poolwatch/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  defaultOptions,
  DetailedError,
  Upload,
  type PreviousUpload,
  type UploadOptions,
} from 'tus-js-client';
import { ApiRequestError, apiFetch, callApi } from '../../../api/http';
import { rememberJob, UPLOAD_MUTATION_KEY } from '../../../api/jobMutations';
import { ApiFetchHttpStack } from './uploadHttpStack';

/** Where a file's bytes go: a new volume (`create`) or over an existing one. */
export interface UploadTarget {
  hostId: string;
  pool: string;
  volume: string;
  create: boolean;
  format: VolumeFormat;
}

export interface ResumableUploadVariables extends UploadTarget {
  file: File;
  /** An earlier upload of this file to this target, to go on from its confirmed offset. */
  resume: PreviousUpload | null;
  /** An earlier upload the admin chose to start over from: cancelled (and ended) first. */
  discard: PreviousUpload | null;
}

/** An unfinished earlier upload of the same file to the same target, and where it stands. */
export interface ResumeOffer {
  previous: PreviousUpload;
  offset: number;
  length: number;
}

/**
 * One PATCH per chunk: the server persists the offset after each chunk virsh confirmed, so a
 * BFF killed mid-PATCH costs at most one chunk; a client drop costs nothing (virsh confirms
 * what arrived). Larger chunks spend less on one `virsh vol-upload` start each.
 */
export const UPLOAD_CHUNK_BYTES = 64 * 1024 * 1024;

/**
 * Waits between retries after a network drop, a 5xx or a BFF restart (the counter starts
 * over once a retry made progress): about two minutes in all, enough for a deploy.
 */
export const UPLOAD_RETRY_DELAYS = [
  0, 1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 30_000, 30_000,
];

/**
 * The same file (name, size, mtime) to the same target is the same upload: picked again
 * after a closed tab, it is found in localStorage and offered for resume. JSON keeps names
 * holding separators apart.
 */
export function uploadFingerprint(target: UploadTarget, file: File): string {
  const { hostId, pool, volume, create } = target;
  return JSON.stringify([
    'poolwatch',
    hostId,
    pool,
    volume,
    create,
    file.name,
    file.size,
    file.lastModified,
  ]);
}

function tusOptions(target: UploadTarget, file: File): UploadOptions {
  const metadata: Record<string, string> = {
    hostId: target.hostId,
    pool: target.pool,
    volume: target.volume,
    create: target.create ? '1' : '0',
  };
  if (target.create) metadata.format = target.format;
  return {
    endpoint: TUS_UPLOADS_PATH,
    metadata,
    chunkSize: UPLOAD_CHUNK_BYTES,
    retryDelays: UPLOAD_RETRY_DELAYS,
    fingerprint: () => Promise.resolve(uploadFingerprint(target, file)),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    httpStack: new ApiFetchHttpStack(),
  };
}

/** The job id is the tus upload id, the last segment of the upload URL. */
export function jobIdOfUploadUrl(url: string): string {
  return decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
}

/**
 * An unfinished upload of this file to this target that the server still holds (its HEAD
 * answers an offset), or null. Entries the server no longer knows are forgotten.
 */
export async function findResumeOffer(
  target: UploadTarget,
  file: File,
): Promise<ResumeOffer | null> {
  const upload = new Upload(file, tusOptions(target, file));
  const previous = await upload.findPreviousUploads();
  for (const entry of previous.toSorted((a, b) => b.creationTime.localeCompare(a.creationTime))) {
    const state = entry.uploadUrl ? await uploadState(entry.uploadUrl) : 'gone';
    if (state === 'gone') {
      await defaultOptions.urlStorage.removeUpload(entry.urlStorageKey);
      continue;
    }
    if (state !== 'unknown') return { previous: entry, ...state };
  }
  return null;
}

async function uploadState(
  url: string,
): Promise<{ offset: number; length: number } | 'gone' | 'unknown'> {
  try {
    const res = await apiFetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
    if (res.status === 404 || res.status === 410) return 'gone';
    const offset = Number(res.headers.get('Upload-Offset'));
    const length = Number(res.headers.get('Upload-Length'));
    if (!res.ok || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) return 'unknown';
    return offset >= length ? 'gone' : { offset, length };
  } catch {
    return 'unknown'; // the server is not reachable now: keep the entry for a later pick
  }
}

/**
 * Ends an earlier upload the admin chose not to resume: tus DELETE cancels its job, which
 * deletes a volume it created; the new upload starts once that job has ended (the name is
 * free again).
 */
async function discardPrevious(previous: PreviousUpload): Promise<void> {
  await defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
  if (!previous.uploadUrl) return;
  const id = jobIdOfUploadUrl(previous.uploadUrl);
  await Upload.terminate(previous.uploadUrl, { httpStack: new ApiFetchHttpStack() }).catch(
    () => undefined, // already gone
  );
  for (let waited = 0; waited < DISCARD_WAIT_MS; waited += DISCARD_POLL_MS) {
    const job = await callApi(routes.job, { params: { id } }).catch(() => null);
    if (!job || !isActiveJobState(job.state)) return;
    await new Promise((resolve) => setTimeout(resolve, DISCARD_POLL_MS));
  }
}

const DISCARD_POLL_MS = 500;
const DISCARD_WAIT_MS = 60_000;

/**
 * tus-js-client's error as the app's: the server's `{ error: { id, message } }` when it sent
 * one (409 name taken, insufficient_space...), else the client's message.
 */
export function uploadError(error: Error | DetailedError, path: string): Error {
  if (!(error instanceof DetailedError) || !error.originalResponse) return error;
  const status = error.originalResponse.getStatus();
  try {
    const parsed = ApiErrorSchema.safeParse(JSON.parse(error.originalResponse.getBody()));
    if (parsed.success) {
      return new ApiRequestError(status, parsed.data.error.id, parsed.data.error.message, path);
    }
  } catch {
    // not JSON: tus's own answer
  }
  return new ApiRequestError(status, 'upload_failed', error.message, path);
}

/** Runs one tus upload to its end; the job shows in the jobs panel as soon as it exists. */
function runUpload(
  variables: ResumableUploadVariables,
  onJob: (id: string) => void,
): Promise<string> {
  const { file, resume } = variables;
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      ...tusOptions(variables, file),
      onUploadUrlAvailable: () => {
        // From here on the upload is this job: a 4xx on a later HEAD (the job was cancelled
        // or expired) must end the upload, not make tus-js-client create a new one, which it
        // does while it has an endpoint.
        upload.options.endpoint = null;
        if (upload.url) onJob(jobIdOfUploadUrl(upload.url));
      },
      onSuccess: () =>
        upload.url ? resolve(jobIdOfUploadUrl(upload.url)) : reject(new Error('no upload URL')),
      onError: (error) => reject(uploadError(error, upload.url ?? TUS_UPLOADS_PATH)),
    });
    if (resume) upload.resumeFromPreviousUpload(resume);
    upload.start();
  });
}

/**
 * Uploads through tus (`/api/uploads`): retried and resumed from the server's offset after a
 * drop or a BFF restart. Shares the upload key with the jobs panel, which says when an upload
 * failed before its job could report it.
 */
export function useResumableUpload() {
  const queryClient = useQueryClient();
  const showJob = (id: string) =>
    callApi(routes.job, { params: { id } })
      .then((job) => rememberJob(queryClient, job))
      .catch(() => undefined); // the socket brings it too
  return useMutation({
    mutationKey: UPLOAD_MUTATION_KEY,
    mutationFn: async (variables: ResumableUploadVariables): Promise<Job> => {
      if (variables.discard) await discardPrevious(variables.discard);
      let jobId: string | null = null;
      try {
        jobId = await runUpload(variables, (id) => {
          jobId = id;
          void showJob(id);
        });
      } catch (error) {
        // Cancelled from the jobs panel: the job says so; not an upload failure to report.
        const job =
          jobId === null
            ? null
            : await callApi(routes.job, { params: { id: jobId } }).catch(() => null);
        if (job?.state === 'cancelled') return job;
        throw error;
      }
      return callApi(routes.job, { params: { id: jobId } });
    },
    onSuccess: (job) => rememberJob(queryClient, job),
  });
}
