import { z } from 'zod';

/** Stable error ids: clients switch on these, messages are for humans. */
export const ErrorIdSchema = z.enum([
  'bad_request',
  'unauthenticated',
  'forbidden',
  'csrf',
  'rate_limited',
  'not_found',
  'pool_inactive',
  'conflict',
  'job_not_cancellable',
  'job_cancelled',
  'job_interrupted',
  'stream_idle',
  'client_gone',
  'unsupported',
  'payload_too_large',
  'host_unreachable',
  'libvirt_error',
  'internal_error',
]);
export type ErrorId = z.infer<typeof ErrorIdSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({ id: z.string(), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
