import { describe, expect, it } from 'vitest';
import { hostileVolumeNames } from '@poolwatch/shared/testing';
import { parseXml } from '../parsers/xml.js';
import { buildPoolXml } from './pool-xml.js';
import { buildVolumeXml } from './volume-xml.js';

describe('buildVolumeXml', () => {
  it.each(hostileVolumeNames('victim.img'))('round-trips the name %j exactly', (name) => {
    const xml = buildVolumeXml({ name, capacity: 1024, allocation: 0, format: 'raw' });
    expect(parseXml(xml).text('volume/name')).toBe(name);
  });

  it('writes exact bytes, format and backing store', () => {
    const xml = buildVolumeXml({
      name: 'a.qcow2',
      capacity: 10737418240,
      format: 'qcow2',
      backingStore: { path: "/var/lib/it's <base>.qcow2", format: 'qcow2' },
    });
    const doc = parseXml(xml);
    expect(doc.text('volume/capacity')).toBe('10737418240');
    expect(doc.text('volume/allocation')).toBeUndefined();
    expect(doc.attr('volume/target/format', 'type')).toBe('qcow2');
    expect(doc.text('volume/backingStore/path')).toBe("/var/lib/it's <base>.qcow2");
  });

  it('refuses control characters XML cannot carry (400, nothing runs)', () => {
    expect(() => buildVolumeXml({ name: 'bell\u0007.img', capacity: 1 })).toThrow(
      /control character/,
    );
  });
});

describe('buildPoolXml', () => {
  it('builds a dir pool with a target', () => {
    const doc = parseXml(buildPoolXml({ name: "my 'pool'", type: 'dir', target: '/srv/a b' }));
    expect(doc.attr('pool', 'type')).toBe('dir');
    expect(doc.text('pool/name')).toBe("my 'pool'");
    expect(doc.text('pool/target/path')).toBe('/srv/a b');
  });

  it('builds netfs and iscsi sources', () => {
    const netfs = parseXml(
      buildPoolXml({
        name: 'nfs',
        type: 'netfs',
        target: '/mnt/nfs',
        source: { host: 'filer', dir: '/export', format: 'nfs' },
      }),
    );
    expect(netfs.attr('pool/source/host', 'name')).toBe('filer');
    expect(netfs.attr('pool/source/dir', 'path')).toBe('/export');
    expect(netfs.attr('pool/source/format', 'type')).toBe('nfs');
    const iscsi = parseXml(
      buildPoolXml({
        name: 'san',
        type: 'iscsi',
        target: '/dev/disk/by-path',
        source: { host: 'san1', dir: 'iqn.2024-01.com.example:t1' },
      }),
    );
    expect(iscsi.attr('pool/source/device', 'path')).toBe('iqn.2024-01.com.example:t1');
  });
});
