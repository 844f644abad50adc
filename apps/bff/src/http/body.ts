import type { IncomingMessage } from 'node:http';
import { findInexactJsonNumber, SIZE_RULE } from '@poolwatch/shared';
import type { z } from 'zod';
import { BadRequestError } from '../errors.js';

/** Request bodies and queries are validated with the shared zod schemas: 400 before anything runs. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, what = 'request body'): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new BadRequestError(`invalid ${what}: ${where}${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/**
 * express.json's `verify`: JSON.parse would round a number above 2^53−1 (and a fraction
 * next to an integer) without a trace, so the text is checked first: 400, never rounded.
 */
export function refuseInexactNumbers(_req: IncomingMessage, _res: unknown, raw: Buffer): void {
  const literal = findInexactJsonNumber(raw.toString('utf8'));
  if (literal !== null) throw new BadRequestError(`a number in the body ${SIZE_RULE}: ${literal}`);
}
