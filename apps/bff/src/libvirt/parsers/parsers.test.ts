import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseVolList } from './vol-list.parser.js';
import { parseVolumeXml, splitVolumeXmlDocuments } from './vol-xml.parser.js';
import { parsePoolXml } from './pool-xml.parser.js';
import { parsePoolInfo } from './pool-info.parser.js';
import { parsePoolUuids } from './pool-list.parser.js';
import { parsePoolEventLine } from './pool-event.parser.js';
import { parseDaemonVersion } from './version.parser.js';
import {
  classifyVirshError,
  stripReconnectNotices,
  virshErrorMessage,
} from './virsh-error.parser.js';
import { decodeVirshTableCell } from './virsh-escape.js';

// Fixtures are real output of virsh 9.0.0 (Debian 12), recorded on a dir pool at /tmp/p1.
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseVolList', () => {
  test('splits hostile names from paths by display column', () => {
    const rows = parseVolList(fixture('vol-list-hostile-names.txt'));
    const byPath = new Map(rows.map((r) => [r.path, r.name]));
    for (const name of [
      '$(id).img',
      '--',
      '-dash.img',
      'back\\slash.img',
      'evil; pool-destroy t1',
      'lit\\x0aeral.img',
      'new\nline.img',
      `quo'te".img`,
      'sp ace.img',
      'ünï.img',
      '日本語.img',
      'ov.qcow2',
      'tab\tx.img',
      'bang!x!!.img',
      'ha#sh.img',
      'trail .img',
    ]) {
      expect(byPath.get(`/tmp/p1/${name}`)).toBe(name);
    }
    expect(rows).toHaveLength(17);
  });

  test('reads a plain listing and an empty one', () => {
    expect(parseVolList(fixture('vol-list-simple.txt'))).toEqual([
      { name: 'vol-0001.img', path: '/tmp/p1000/vol-0001.img' },
      { name: 'vol-0002.img', path: '/tmp/p1000/vol-0002.img' },
      { name: 'vol-0003.img', path: '/tmp/p1000/vol-0003.img' },
    ]);
    expect(parseVolList(' Name   Path\n------------\n\n')).toEqual([]);
  });

  test('refuses output that is not a vol-list table', () => {
    expect(() => parseVolList('error: oops')).toThrow(/unexpected vol-list output/);
  });
});

describe('decodeVirshTableCell', () => {
  test.each([
    ['new\\x0aline.img', 'new\nline.img'],
    ['lit\\x5cx0aeral.img', 'lit\\x0aeral.img'],
    ['back\\slash.img', 'back\\slash.img'],
    ['tab\\x09x.img', 'tab\tx.img'],
    ['plain ünï', 'plain ünï'],
  ])('%s', (cell, expected) => {
    expect(decodeVirshTableCell(cell)).toBe(expected);
  });
});

describe('parseVolumeXml', () => {
  test('qcow2 with a backing store', () => {
    expect(parseVolumeXml(fixture('vol-dumpxml-qcow2-backing.xml'))).toEqual({
      name: 'ov.qcow2',
      key: '/tmp/p1/ov.qcow2',
      path: '/tmp/p1/ov.qcow2',
      type: 'file',
      format: 'qcow2',
      capacity: 1073741824,
      allocation: 200704,
      backingStore: '/tmp/p1/q.qcow2',
      error: null,
    });
  });
  test('keeps names exact: shell metacharacters and an embedded newline', () => {
    expect(parseVolumeXml(fixture('vol-dumpxml-raw-evil.xml'))).toMatchObject({
      name: 'evil; pool-destroy t1',
      format: 'raw',
      backingStore: null,
    });
    expect(parseVolumeXml(fixture('vol-dumpxml-newline.xml')).name).toBe('new\nline.img');
  });
  test('decodes XML entities', () => {
    const xml = `<volume type='file'><name>a&amp;b&apos;&lt;</name><key>/k</key><capacity unit='bytes'>1</capacity><allocation unit='bytes'>0</allocation><target><path>/k</path></target></volume>`;
    expect(parseVolumeXml(xml)).toMatchObject({ name: "a&b'<", format: null });
  });
  test('a size that is not in exact bytes is null with an error, not a guess', () => {
    const xml = `<volume><name>a</name><key>k</key><capacity unit='KiB'>1</capacity><allocation>0</allocation><target><path>/k</path></target></volume>`;
    expect(parseVolumeXml(xml)).toMatchObject({
      capacity: null,
      allocation: 0,
      error: expect.stringMatching(/capacity "1" KiB: not in bytes/),
    });
  });
});

describe('splitVolumeXmlDocuments', () => {
  test('splits a recorded batch of three vol-dumpxml outputs, echo lines between', () => {
    const docs = splitVolumeXmlDocuments(fixture('vol-dumpxml-batch.txt'));
    expect(docs.map((d) => parseVolumeXml(d).name)).toEqual([
      'alpine-3.20.raw',
      'data-disk-01.raw',
      'debian-12-generic.qcow2',
    ]);
  });
  test('a name holding a newline and "<volume" stays inside its document', () => {
    const one = fixture('vol-dumpxml-newline.xml').replace(
      'new\nline.img',
      'new\n&lt;volume x&gt;&lt;/volume&gt;.img',
    );
    const output = `virsh # 'vol-dumpxml' '--' '/p/<volume a>'\n${one}\nvirsh # 'vol-dumpxml' '--' '/p/b'\n${one}\n`;
    const docs = splitVolumeXmlDocuments(output);
    expect(docs).toHaveLength(2);
    expect(parseVolumeXml(docs[0]!).name).toBe('new\n<volume x></volume>.img');
  });
  test('no documents in an empty batch', () => {
    expect(splitVolumeXmlDocuments('')).toEqual([]);
  });
});

describe('pool parsers', () => {
  test('pool-dumpxml of a running dir pool', () => {
    expect(parsePoolXml(fixture('pool-dumpxml-dir.xml'))).toEqual({
      name: 't1',
      uuid: 'e5f0194a-745a-4b64-91cb-661d2a432133',
      type: 'dir',
      capacity: 270553174016,
      allocation: 24092393472,
      available: 246460780544,
      targetPath: '/tmp/p1',
      error: null,
    });
  });
  test('pool-dumpxml of an inactive pool has zero sizes', () => {
    expect(parsePoolXml(fixture('pool-dumpxml-inactive.xml'))).toMatchObject({
      name: 'inact',
      capacity: 0,
    });
  });
  test('pool-info', () => {
    expect(parsePoolInfo(fixture('pool-info-running.txt'))).toEqual({
      state: 'running',
      persistent: false,
      autostart: false,
    });
    expect(parsePoolInfo(fixture('pool-info-inactive.txt'))).toEqual({
      state: 'inactive',
      persistent: true,
      autostart: false,
    });
  });
  test('pool-info of a pool that vanished mid-read is null', () => {
    const output =
      'Name:           gone\nUUID:           u\nState:          running\nPersistent:     unknown\nAutostart:      unknown\n';
    expect(parsePoolInfo(output)).toBeNull();
  });
  test('pool-info: a pool name cannot forge the state line', () => {
    const output =
      'Name:           x\nState: inactive\nUUID:           u\nState:          running\nPersistent:     yes\nAutostart:      yes\n';
    expect(parsePoolInfo(output)?.state).toBe('running');
  });
  test('pool-list --all --uuid', () => {
    const uuids = parsePoolUuids(fixture('pool-list-uuid.txt'));
    expect(uuids.length).toBeGreaterThan(0);
    expect(uuids).toContain('e5f0194a-745a-4b64-91cb-661d2a432133');
  });
});

describe('parsePoolEventLine', () => {
  test('lifecycle and refresh lines', () => {
    const [started, stopped] = fixture('pool-event-lifecycle.txt').trim().split('\n');
    expect(parsePoolEventLine(started!)).toMatchObject({
      kind: 'lifecycle',
      pool: 'ev pool; x',
      detail: 'Started',
    });
    expect(parsePoolEventLine(stopped!)).toMatchObject({ kind: 'lifecycle', detail: 'Stopped' });
    expect(parsePoolEventLine(fixture('pool-event-refresh.txt').trim())).toMatchObject({
      kind: 'refresh',
      pool: 't1',
    });
    expect(parsePoolEventLine('Welcome')).toBeNull();
  });
});

describe('version and errors', () => {
  test('daemon version unknown without an emulator, read when present', () => {
    expect(parseDaemonVersion(fixture('version-no-emulator.txt'))).toBeNull();
    expect(
      parseDaemonVersion(
        'Using API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.0\nRunning against daemon: 9.0.0\n',
      ),
    ).toBe('9.0.0');
  });
  test.each([
    [
      "error: failed to get vol 'nope'\nerror: Storage volume not found: no storage vol with matching path 'nope'\n",
      'not_found',
    ],
    [
      'error: failed to connect to the hypervisor\nerror: Cannot recv data: ssh: connect to host 127.0.0.1 port 1: Connection refused: Connection reset by peer\n',
      'unreachable',
    ],
    ["error: Requested operation is not valid: storage pool 'x' is not active\n", 'inactive'],
    ['error: internal error: something\n', 'other'],
  ])('classifies %j', (stderr, kind) => {
    expect(classifyVirshError(virshErrorMessage(stderr))).toBe(kind);
  });
  test('joins error lines', () => {
    expect(
      virshErrorMessage("error: failed to get vol 'a'\nerror: Storage volume not found\n"),
    ).toBe("failed to get vol 'a': Storage volume not found");
  });
});

describe('stripReconnectNotices', () => {
  // Recorded: the first command after `libvirtd` restarted under an open session.
  const notices =
    'error: Disconnected from qemu+ssh://root@127.0.0.1:2222/system due to end of file\nerror: Reconnected to the hypervisor\n';
  test('a command that ran after virsh reconnected succeeded', () => {
    expect(stripReconnectNotices(notices)).toEqual({ stderr: '', reconnected: true });
  });
  test('a real failure after the reconnect stays a failure', () => {
    const failed = notices + "error: failed to get vol 'x'\n";
    expect(stripReconnectNotices(failed)).toEqual({
      stderr: "error: failed to get vol 'x'\n",
      reconnected: true,
    });
  });
  test('ordinary errors are untouched', () => {
    expect(stripReconnectNotices('error: boom\n')).toEqual({
      stderr: 'error: boom\n',
      reconnected: false,
    });
  });
});
