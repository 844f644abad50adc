import {
  HostIdSchema,
  NewVolumeNameSchema,
  PoolNameSchema,
  VolumeNameSchema,
} from '@poolwatch/shared';
import type { z } from 'zod';
import { BadRequestError } from '../errors.js';

/**
 * Path parameters arrive decoded by Express (encodeURIComponent on the client side).
 * They are validated before anything touches libvirt: a bad one is a 400 and runs nothing.
 */
function parse<T>(schema: z.ZodType<T>, what: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new BadRequestError(
      `invalid ${what} ${JSON.stringify(value)}: ${result.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

type Params = Record<string, string | string[] | undefined>;

export const hostIdParam = (params: Params) => parse(HostIdSchema, 'host id', params.hostId);
export const poolParam = (params: Params) => parse(PoolNameSchema, 'pool name', params.pool);
export const volumeParam = (params: Params) =>
  parse(VolumeNameSchema, 'volume name', params.volume);

/** The volume an upload with create=1 will create: held to the names a job can carry. */
export const newVolumeParam = (params: Params) =>
  parse(NewVolumeNameSchema, 'volume name', params.volume);
