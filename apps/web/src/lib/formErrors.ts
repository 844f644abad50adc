import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/**
 * A zod result as one message per field, keyed by the issue's path ("name",
 * "backingStore.path"); the first issue of a field wins. `ok` carries the parsed request.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
