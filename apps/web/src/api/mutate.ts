import { JobSchema, type Job } from '@poolwatch/shared';
import { ApiRequestError, apiFetch, errorFromResponse, readJson } from './http';

/**
 * Every storage action answers 202 with the Job it started (400/409 carry `{ error }`).
 * Paths always come from `apiPaths`, so hostile names are encoded in one place.
 */
export async function sendForJob(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Job> {
  return requestJob(path, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * PUT a file as the raw request body. The File is handed to fetch as is: the browser streams
 * it from disk and sends Content-Length, nothing is buffered here. The answer only comes
 * once the upload is over; progress reaches the UI as `job:*` socket events meanwhile.
 */
export function uploadContent(path: string, file: Blob): Promise<Job> {
  return requestJob(path, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: file,
  });
}

/** Through apiFetch: the CSRF header is added and a 401 ends the session like anywhere else. */
async function requestJob(path: string, init: RequestInit): Promise<Job> {
  const response = await apiFetch(path, init);
  const body = await readJson(response);
  if (!response.ok) throw errorFromResponse(response, body, path);
  const job = JobSchema.safeParse(body);
  if (!job.success) {
    throw new ApiRequestError(
      response.status,
      'invalid_response',
      'Unexpected response from the server: not a job.',
      path,
    );
  }
  return job.data;
}
