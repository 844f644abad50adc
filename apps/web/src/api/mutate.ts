import { JobSchema, requestFor, routes, type Job, type RouteCall } from '@poolwatch/shared';
import { apiFetch, parseResponse } from './http';

/**
 * PUT a file as the raw request body. The File is handed to fetch as is: the browser streams
 * it from disk and sends Content-Length, nothing is buffered here. The answer only comes
 * once the upload is over; progress reaches the UI as `job:*` socket events meanwhile.
 * Through apiFetch: the CSRF header is added and a 401 ends the session like anywhere else.
 */
export async function uploadContent(
  call: RouteCall<typeof routes.volumeUpload>,
  file: Blob,
): Promise<Job> {
  const { method, path } = requestFor(routes.volumeUpload, call);
  const response = await apiFetch(path, {
    method,
    headers: { 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  return parseResponse(response, JobSchema, path);
}
