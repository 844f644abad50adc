import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/**
 * A zod result as one message per field, keyed by the issue's path ("name",
 * "backingStore.path"); the first issue of a field wins. `ok` carries the parsed request.
 * Messages are in people's words ("Size must be a positive number"): a schema's own message
 * (a refine's, a name rule's) wins, since zod ranks it above the per-parse map given here.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value, { error: humanMessage });
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** What the form calls a field, where its request name says it badly. */
const FIELD_WORDS: Record<string, string> = {
  capacity: 'Size',
  allocation: 'Allocation',
  bytesPerSecond: 'Limit',
  bandwidth: 'Limit',
  targetPool: 'Target pool',
  backingStore: 'Backing store',
};

/** The field a message is about, by the last name of its path ("targetPool" → "Target pool"). */
export function fieldWords(path: readonly PropertyKey[]): string {
  const last = path.filter((p) => typeof p === 'string').at(-1);
  if (last === undefined) return 'This value';
  const known = FIELD_WORDS[last];
  if (known) return known;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Issue = z.core.$ZodRawIssue;

/** The message for one issue in plain words; undefined leaves zod's own. */
export function humanMessage(issue: Issue): string | undefined {
  const field = fieldWords(issue.path ?? []);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '') return `${field} is required`;
      if (issue.expected === 'int') return `${field} must be a whole number`;
      if (issue.expected === 'number') return `${field} must be a number`;
      return `${field} is not valid`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'number' || issue.origin === 'int') {
        if (min <= 1 && (min === 0 ? !issue.inclusive : issue.inclusive))
          return `${field} must be a positive number`;
        if (min === 0) return `${field} cannot be negative`;
        return `${field} must be at least ${min}`;
      }
      if (issue.origin === 'string')
        return min <= 1 ? `${field} is required` : `${field} needs at least ${min} characters`;
      return undefined;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `${field} can have at most ${max} characters`;
      if (issue.origin === 'number' || issue.origin === 'int')
        return `${field} must be at most ${max}`;
      return undefined;
    }
    case 'invalid_value':
      return `Choose one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `${field} is not a valid ${issue.format}`;
    default:
      return undefined;
  }
}
