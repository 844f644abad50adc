import { CreateVolumeRequestSchema } from '@poolwatch/shared';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { fieldWords, validate } from './formErrors';

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const result = validate(schema, value);
  return result.ok ? {} : result.errors;
};

test.each([
  [{ name: 'a', capacity: 0 }, { capacity: 'Size must be a positive number' }],
  [{ name: 'a', capacity: 1.5 }, { capacity: 'Size must be a whole number' }],
  [{ name: 'a' }, { capacity: 'Size is required' }],
  [{ capacity: 1024 }, { name: 'Name is required' }],
  [
    { name: 'a', capacity: 1024, format: 'zzz' },
    { format: expect.stringMatching(/^Choose one of: raw, qcow2, /) as unknown as string },
  ],
])('create volume %j', (value, expected) => {
  expect(errorsOf(CreateVolumeRequestSchema, value)).toEqual(expected);
});

test('a schema message of its own is kept', () => {
  const errors = errorsOf(CreateVolumeRequestSchema, { name: 'a', capacity: 10, allocation: 20 });
  expect(Object.values(errors)).toContain('allocation must not exceed capacity');
});

test.each([
  [z.object({ label: z.string().min(1) }), { label: '' }, { label: 'Label is required' }],
  [
    z.object({ label: z.string().max(3) }),
    { label: 'abcd' },
    { label: 'Label can have at most 3 characters' },
  ],
  [z.object({ count: z.number().min(0) }), { count: -1 }, { count: 'Count cannot be negative' }],
  [z.object({ count: z.number().min(5) }), { count: 1 }, { count: 'Count must be at least 5' }],
  [z.object({ count: z.number().max(5) }), { count: 9 }, { count: 'Count must be at most 5' }],
  [z.object({ count: z.number() }), { count: 'x' }, { count: 'Count must be a number' }],
])('generic %#', (schema, value, expected) => {
  expect(errorsOf(schema, value)).toEqual(expected);
});

test.each([
  [['backingStore', 'path'], 'Path'],
  [['targetPool'], 'Target pool'],
  [['preallocateMetadata'], 'Preallocate metadata'],
  [[], 'This value'],
])('fieldWords(%j)', (path, words) => {
  expect(fieldWords(path)).toBe(words);
});
