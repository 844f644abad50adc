import { ApiErrorSchema } from '@poolwatch/shared';
import type { z } from 'zod';

/** Error ids of our own, next to the BFF's (`ErrorId` in @poolwatch/shared). */
export type ClientErrorId = 'network_error' | 'http_error' | 'invalid_response';

/** Any failed API call: the BFF's error id and message, or one of ours. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** HTTP status, 0 when the request never got an answer. */
    readonly status: number,
    readonly id: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export function isApiRequestError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError;
}

/** 503 means the BFF is fine but cannot reach the host (the message says why). */
export function isHostUnreachable(error: unknown): error is ApiRequestError {
  return isApiRequestError(error) && (error.id === 'host_unreachable' || error.status === 503);
}

export function isNotFound(error: unknown): error is ApiRequestError {
  return isApiRequestError(error) && error.status === 404;
}

/** The text to show a user for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** GET a same-origin JSON resource and validate it; throws ApiRequestError on any failure. */
export async function fetchJson<S extends z.ZodType>(
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<z.output<S>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error; // a cancelled query, not a failure
    throw new ApiRequestError(0, 'network_error', 'Cannot reach the Poolwatch server.', path);
  }

  const body = await readJson(response);
  if (!response.ok) throw errorFromResponse(response, body, path);

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiRequestError(
      response.status,
      'invalid_response',
      `Unexpected response from the server${where}: ${issue?.message ?? 'invalid data'}.`,
      path,
    );
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function errorFromResponse(
  response: Pick<Response, 'status' | 'statusText'>,
  body: unknown,
  path: string,
): ApiRequestError {
  const apiError = ApiErrorSchema.safeParse(body);
  if (apiError.success) {
    const { id, message } = apiError.data.error;
    return new ApiRequestError(response.status, id, message, path);
  }
  const status = `${response.status} ${response.statusText}`.trim();
  return new ApiRequestError(
    response.status,
    'http_error',
    `Request failed: HTTP ${status}.`,
    path,
  );
}
