import { describe, expect, test } from 'vitest';
import { DefinePoolRequestSchema } from './job-requests.js';
import { NAME_RULES, NewPoolNameSchema, NewVolumeNameSchema, VolumeNameSchema } from './names.js';
import { poolTargetProblem } from './pool-paths.js';
import { findInexactJsonNumber, parseExactByteCount } from './sizes.js';
import { hostileVolumeNames } from './testing/hostile-names.js';

describe('names a job can carry', () => {
  test.each(hostileVolumeNames('other'))('a new volume may be named %j', (name) => {
    expect(NewVolumeNameSchema.safeParse(name).success).toBe(true);
  });
  test.each([
    'cr\rname',
    'bell\u0007',
    'esc\u001b[0m',
    'lone\ud800',
    'lone\udc00x',
    'nonchar\uffff',
  ])('a new volume or pool named %j is refused; an existing one stays addressable', (name) => {
    for (const schema of [NewVolumeNameSchema, NewPoolNameSchema]) {
      const result = schema.safeParse(name);
      expect(result.error?.issues[0]?.message).toBe(NAME_RULES.carried);
    }
    expect(VolumeNameSchema.safeParse(name).success).toBe(true);
  });
  test('a surrogate pair (emoji) is fine', () => {
    expect(NewVolumeNameSchema.safeParse('disk 💾.img').success).toBe(true);
  });
});

describe('pool target paths', () => {
  test.each([
    ['dir', '/srv/pools/a b'],
    ['dir', '/var/lib/libvirt/images'],
    ['dir', '/root/pools'],
    ['dir', '/home/x'],
    ['netfs', '/mnt/nfs'],
    ['iscsi', '/dev/disk/by-path'],
    ['logical', '/dev/vg0'],
    ['disk', '/dev'],
  ])('%s on %s is fine', (type, path) => {
    expect(poolTargetProblem(type, path)).toBeNull();
  });
  test.each([
    ['dir', 'relative/path', /absolute/],
    ['iscsi', 'dev/disk', /absolute/],
    ['dir', '/srv/../etc', /normalised/],
    ['dir', '/srv/./x', /normalised/],
    ['dir', '/srv//x', /normalised/],
    ['dir', '/srv/x/', /normalised/],
    ['dir', '/', /system/],
    ['dir', '/root', /system/],
    ['fs', '/etc', /system/],
    ['dir', '/etc/libvirt/x', /system/],
    ['dir', '/usr/local/pools', /system/],
    ['dir', '/lib64', /system/],
    ['dir', '/libx32/a', /system/],
    ['netfs', '/boot/x', /system/],
    ['dir', '/proc/1', /system/],
    ['dir', '/sys', /system/],
    ['dir', '/dev/shm/x', /system/],
    ['dir', '/run/x', /system/],
    ['dir', '/bin', /system/],
    ['dir', '/sbin/x', /system/],
    ['dir', '/srv/a\nb', /control/],
  ])('%s on %j is refused', (type, path, why) => {
    expect(poolTargetProblem(type, path)).toMatch(why);
  });
  test('the form schema puts the rule on the target field', () => {
    const result = DefinePoolRequestSchema.safeParse({ name: 'p', type: 'dir', target: 'images' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('target');
  });
});

describe('exact sizes', () => {
  test.each([
    ['9007199254740991', 9007199254740991],
    ['0', 0],
    ['9007199254740992', null],
    ['18446744073709551615', null],
    ['1e3', null],
    ['-1', null],
  ])('Content-Length %s → %s', (text, value) => {
    expect(parseExactByteCount(text)).toBe(value);
  });
  test.each([
    ['{"capacity":9007199254740991}', null],
    ['{"capacity":1.5}', null],
    ['{"capacity":1e3,"a":[1,2.25]}', null],
    ['{"name":"9007199254740993","capacity":1}', null],
    ['{"name":"a\\"9007199254740993","capacity":1}', null],
    ['{"capacity":9007199254740992}', '9007199254740992'],
    ['{"capacity":9007199254740993}', '9007199254740993'],
    ['{"capacity":9007199254740991.4}', '9007199254740991.4'],
    ['{"capacity":1.0000000000000001}', '1.0000000000000001'],
    ['{"capacity":1e16}', '1e16'],
    ['{"capacity":-9007199254740993}', '-9007199254740993'],
  ])('%s → %s', (json, literal) => {
    expect(findInexactJsonNumber(json)).toBe(literal);
  });
});
