import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseDomainDisks, parseDomState } from './domain-xml.parser.js';
import { parsePoolUuids } from './pool-list.parser.js';
import { classifyVirshError } from './virsh-error.parser.js';

// Recorded from virsh 9.0.0 (Debian 12, qemu-system-x86 7.2): `virsh define` of a domain
// with a file disk, a type='volume' disk, a block disk, an nbd disk and an empty cdrom, then
// `virsh -r dumpxml -- <uuid>`, `list --all --uuid` and `domstate`.
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseDomainDisks', () => {
  test('every local disk source of a recorded dumpxml, the name decoded', () => {
    const domain = parseDomainDisks(fixture('domain-dumpxml-disks.xml'));
    expect(domain.name).toBe('pw rec <dom> ü');
    expect(domain.uuid).toBe('92f153c1-0ed5-4b6b-af89-dc24500b6661');
    expect(domain.sources).toEqual([
      { kind: 'path', path: '/work/h6/.poolwatch/rec-pool/over.qcow2' },
      { kind: 'volume', pool: 'rec pool', volume: 'base.raw' },
      { kind: 'path', path: '/dev/null-not-here' },
    ]);
  });

  test('backing chains of a live definition count; sources outside disks do not', () => {
    // The shape libvirt writes for a running domain's overlay (formatdomain.html,
    // "backingStore"); the recorded fixture is an inactive domain, which has no chain.
    const xml = `<domain type='kvm'><name>live</name><uuid>u</uuid><devices>
      <disk type='file' device='disk'><source file='/p/over.qcow2' index='2'/>
        <backingStore type='file' index='3'><format type='raw'/><source file='/p/base.raw'/>
          <backingStore/></backingStore>
        <target dev='vda'/></disk>
      <interface type='network'><source network='default'/></interface>
      <hostdev mode='subsystem' type='usb'><source><vendor id='0x1'/></source></hostdev>
    </devices></domain>`;
    expect(parseDomainDisks(xml).sources).toEqual([
      { kind: 'path', path: '/p/over.qcow2' },
      { kind: 'path', path: '/p/base.raw' },
    ]);
  });

  test('a document without a name is an error, not a nameless domain', () => {
    expect(() => parseDomainDisks('<domain><devices/></domain>')).toThrow(/no <name>/);
  });
});

describe('domain list and state', () => {
  test('list --all --uuid and domstate as recorded', () => {
    expect(parsePoolUuids(fixture('domain-list-uuid.txt'))).toEqual([
      '92f153c1-0ed5-4b6b-af89-dc24500b6661',
    ]);
    expect(parseDomState('shut off\n\n')).toBe('shut off');
  });

  test('a domain undefined meanwhile is "not found" (skipped, not an error)', () => {
    expect(
      classifyVirshError(
        "failed to get domain 'x': Domain not found: no domain with matching uuid 'x'",
      ),
    ).toBe('not_found');
  });
});
