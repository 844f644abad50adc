import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ScanParser, type ScanEvent, type ScanSample } from './scan.parser.js';

/**
 * fixtures/scan-virsh-jobs.txt: host-scripts/scan.sh on this machine's private libvirtd
 * while plain virsh ran, in order: vol-clone of a 1 GiB raw (in-daemon copy), vol-create-from
 * to qcow2 (qemu-img child), vol-wipe nnsa of 64 MiB (scrub child), vol-wipe zero, vol-upload,
 * vol-download.
 */
const lines = readFileSync(new URL('./fixtures/scan-virsh-jobs.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

function parseAll(input: readonly string[]): ScanEvent[] {
  const parser = new ScanParser();
  return input.flatMap((l) => parser.push(l) ?? []);
}

const samples = (events: ScanEvent[]): ScanSample[] =>
  events.flatMap((e) => (e.type === 'sample' ? [e.sample] : []));

describe('scan parser on recorded real output', () => {
  const events = parseAll(lines);
  const all = samples(events);

  test('the daemon line, then one sample per S…E', () => {
    expect(events[0]).toEqual({ type: 'daemon', pid: 32079 });
    expect(all.length).toBe(lines.filter((l) => l.startsWith('S ')).length);
    expect(all[0]!.at).toBe(1796185888640); // epoch seconds with µs → ms
  });

  test('the in-daemon clone: read-write target fd and read-only source fd, with positions', () => {
    const clone = all.find((s) => s.fds.length === 2)!;
    expect(clone.fds).toEqual([
      { fd: 24, access: 'read-write', pos: 10485760, path: '/tmp/h2x/pool/dst.img' },
      { fd: 25, access: 'read', pos: 15728640, path: '/tmp/h2x/pool/src.img' },
    ]);
  });

  test('the qemu-img child: pid, start time, io counters and the argv split at NULs', () => {
    const child = all.flatMap((s) => s.children).find((c) => c.argv[1] === 'convert')!;
    expect(child).toMatchObject({ pid: 32698, start: '162017', rchar: 67460435 });
    expect(child.argv).toEqual([
      '/usr/bin/qemu-img',
      'convert',
      '-f',
      'raw',
      '-O',
      'qcow2',
      '-o',
      'compat=0.10',
      '/tmp/h2x/pool/src.img',
      '/tmp/h2x/pool/q.qcow2',
    ]);
    expect(Buffer.from(child.argvHex, 'hex').toString()).toBe(child.argv.join('\0') + '\0');
  });

  test('the scrub child, and the upload (write-only) and download (read-only) fds', () => {
    const scrub = all.flatMap((s) => s.children).find((c) => c.argv[0] === 'scrub')!;
    expect(scrub.argv).toEqual(['scrub', '-f', '-p', 'nnsa', '/tmp/h2x/pool/w.img']);
    const access = new Set(all.flatMap((s) => s.fds.map((f) => f.access)));
    expect(access).toEqual(new Set(['read', 'write', 'read-write']));
  });
});

describe('scan parser on edge lines', () => {
  const hex = (s: string) => Buffer.from(s).toString('hex');

  test('a hostile path (newline, quote, dollar, leading dash, bidi) comes back byte for byte', () => {
    const evil = "/p/-x 'a'\n$(id)\u202e.img";
    const events = parseAll(['S 1.5', `O 7 02 10 ${hex(evil)}`, 'E']);
    expect(samples(events)[0]!.fds[0]).toEqual({
      fd: 7,
      access: 'read-write',
      pos: 10,
      path: evil,
    });
  });

  test('unreadable, killed and refused records', () => {
    expect(
      parseAll(['U cannot read /proc/1/fdinfo as bob', 'k 12', 'x 13 not the same process']),
    ).toEqual([
      { type: 'unreadable', reason: 'cannot read /proc/1/fdinfo as bob' },
      { type: 'killed', pid: 12 },
      { type: 'kill-refused', pid: 13, reason: 'not the same process' },
    ]);
  });

  test.each([
    ['a record outside a sample', ['O 1 0 0 00']],
    ['bad hex', ['S 1', 'O 1 0 0 zz']],
    ['bad flags', ['S 1', 'O 1 9 0 00']],
    ['an unknown tag', ['Q']],
    ['a negative count', ['S 1', 'C -1 1 1 1 00']],
  ])('throws on %s', (_what, input) => {
    expect(() => parseAll(input)).toThrow(/scan/);
  });
});
