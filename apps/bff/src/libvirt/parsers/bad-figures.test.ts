import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parsePoolXml } from './pool-xml.parser.js';
import { parsePoolInfo } from './pool-info.parser.js';
import { parseVolumeXml } from './vol-xml.parser.js';

// See fixtures/README.md: real output carrying libvirt's wrap-around allocation.
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const WRAPPED = '18446744073622413312';

describe('a figure that cannot be a real size is null with an error', () => {
  test('pool-dumpxml: allocation null, the other figures exact', () => {
    const pool = parsePoolXml(fixture('pool-dumpxml-wrap.xml'));
    expect(pool).toMatchObject({
      name: 'full-tmpfs',
      capacity: 2097152,
      allocation: null,
      available: 0,
      targetPath: '/srv/pools/full-tmpfs',
    });
    expect(pool.error).toContain(WRAPPED);
    expect(pool.error).toMatch(/allocation.*wrap-around/);
  });

  test('pool-info: the lifecycle facts still read (its sizes are not used)', () => {
    expect(parsePoolInfo(fixture('pool-info-wrap.txt'))).toEqual({
      state: 'running',
      persistent: false,
      autostart: false,
    });
  });

  test('vol-dumpxml: allocation null, capacity exact', () => {
    const volume = parseVolumeXml(fixture('vol-dumpxml-wrap.xml'));
    expect(volume).toMatchObject({ name: 'big.raw', capacity: 1048576, allocation: null });
    expect(volume.error).toContain(WRAPPED);
  });

  test.each([
    ['9007199254740992', /too large to hold exactly/], // 2^53: not exact in a double
    ['9223372036854775808', /wrap-around/], // 2^63
    ['-1', /not an integer/],
    ['1.5', /not an integer/],
    ['', /no figure/],
  ])('capacity %j is null', (raw, reason) => {
    const xml = fixture('vol-dumpxml-wrap.xml').replace(
      "<capacity unit='bytes'>1048576</capacity>",
      `<capacity unit='bytes'>${raw}</capacity>`,
    );
    const volume = parseVolumeXml(xml);
    expect(volume.capacity).toBeNull();
    expect(volume.error).toMatch(reason);
  });

  test('the largest exact figure (2^53-1) is kept, and a clean document has no error', () => {
    const xml = fixture('vol-dumpxml-wrap.xml')
      .replace('>1048576</capacity>', `>${Number.MAX_SAFE_INTEGER}</capacity>`)
      .replace(`>${WRAPPED}<`, '>4096<');
    expect(parseVolumeXml(xml)).toMatchObject({
      capacity: Number.MAX_SAFE_INTEGER,
      allocation: 4096,
      error: null,
    });
  });
});
