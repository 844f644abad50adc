import { z } from 'zod';
import { VolumeUserSchema } from './inventory.js';

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
  'in_use',
  'insufficient_space',
  'job_not_cancellable',
  'job_not_pausable',
  'job_not_limitable',
  'job_cancelled',
  'job_interrupted',
  'stream_idle',
  'client_gone',
  'unsupported',
  'payload_too_large',
  'host_unreachable',
  'storage_unavailable',
  'libvirt_error',
  'internal_error',
]);
export type ErrorId = z.infer<typeof ErrorIdSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    id: z.string(),
    message: z.string(),
    /** insufficient_space: the bytes the operation needs and what the target pool has. */
    needed: z.number().optional(),
    available: z.number().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/**
 * 409 for a delete, wipe or shrinking resize of a volume something uses; `?force=true`
 * overrides it. `usedBy` names every user, as `Volume.usedBy` does.
 */
export const InUseErrorSchema = z.object({
  error: z.object({
    id: z.literal('in_use'),
    message: z.string(),
    usedBy: z.array(VolumeUserSchema),
  }),
});
export type InUseError = z.infer<typeof InUseErrorSchema>;
