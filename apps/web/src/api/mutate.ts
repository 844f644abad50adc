import { JobSchema, type Job } from '@poolwatch/shared';
import { ApiRequestError, errorFromResponse } from './http';

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
    headers:
      body === undefined
        ? { Accept: 'application/json' }
        : { Accept: 'application/json', 'Content-Type': 'application/json' },
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
    headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
    body: file,
  });
}

async function requestJob(path: string, init: RequestInit): Promise<Job> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, 'network_error', 'Cannot reach the Poolwatch server.', path);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
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
