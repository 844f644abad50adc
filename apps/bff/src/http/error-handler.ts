import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '@poolwatch/shared';
import { AppError } from '../errors.js';

/** The one place errors become HTTP: `{ error: { id, message } }`. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const body = (id: string, message: string): ApiError => ({ error: { id, message } });
  if (err instanceof AppError) {
    res.status(err.status).json({ error: { ...err.details, id: err.id, message: err.message } });
    return;
  }
  // Express/body-parser errors carry a 4xx status (e.g. a malformed %-escape in a path).
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json(body('bad_request', (err as Error).message));
    return;
  }
  req.log.error({ err }, 'unhandled error');
  res.status(500).json(body('internal_error', 'internal error; see the server log'));
};

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({
    error: { id: 'not_found', message: `no API route ${req.method} ${req.path}` },
  } satisfies ApiError);
};
