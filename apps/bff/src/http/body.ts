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
