import { describe, expect, test } from 'vitest';
import { PoolNameSchema, VolumeNameSchema, HostIdSchema } from './names.js';
import { hostileVolumeNames } from './testing/hostile-names.js';

describe('VolumeNameSchema', () => {
  test.each(hostileVolumeNames('other'))('accepts %j', (name) => {
    expect(VolumeNameSchema.safeParse(name).success).toBe(true);
  });

  test.each([
    ['', 'must not be empty'],
    ['a/b', 'must not contain "/"'],
    ['.', 'must not be "." or ".."'],
    ['..', 'must not be "." or ".."'],
    ['nul\0byte', 'must not contain a NUL byte'],
    ['x'.repeat(256), 'must be at most 255 bytes'],
    ['ü'.repeat(128), 'must be at most 255 bytes'],
  ])('rejects %j', (name, message) => {
    const result = VolumeNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe('PoolNameSchema', () => {
  test('accepts shell metacharacters as plain data', () => {
    expect(PoolNameSchema.safeParse('a; rm -rf / $(x) `y`').success).toBe(false); // has "/"
    expect(PoolNameSchema.safeParse('a; rm -rf ~ $(x) `y`').success).toBe(true);
  });
});

describe('HostIdSchema', () => {
  test.each(['sandbox', 'lab1', 'lab-2_b'])('accepts %s', (id) => {
    expect(HostIdSchema.safeParse(id).success).toBe(true);
  });
  test.each(['', 'Lab1', '-x', 'a b', 'a/b', 'x'.repeat(64)])('rejects %j', (id) => {
    expect(HostIdSchema.safeParse(id).success).toBe(false);
  });
});
