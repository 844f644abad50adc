import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  ScanParser,
  type ScanChild,
  type ScanFd,
  type ScanSample,
} from '../libvirt/parsers/scan.parser.js';
import { observe, type KnownVolume } from './external-jobs.js';

const GiB = 1024 ** 3;
const vol = (name: string, capacity: number, allocation = capacity): KnownVolume => ({
  pool: 'p',
  name,
  path: `/pool/${name}`,
  capacity,
  allocation,
});
const volumes = new Map(
  [
    vol('src.img', 2 * GiB, GiB),
    vol('dst.img', 2 * GiB),
    vol('w.img', GiB),
    vol('q.qcow2', 2 * GiB),
  ].map((v) => [v.path, v]),
);
const lookup = (path: string) => volumes.get(path) ?? null;
const hex = (s: string) => Buffer.from(s).toString('hex');
const child = (pid: number, argv: string[], rchar = 100, wchar = 50): ScanChild => ({
  pid,
  start: '77',
  rchar,
  wchar,
  argv,
  argvHex: hex(argv.join('\0') + '\0'),
});
const fd = (n: number, access: ScanFd['access'], name: string, pos = 4096): ScanFd => ({
  fd: n,
  access,
  pos,
  path: `/pool/${name}`,
});
const sample = (children: ScanChild[], fds: ScanFd[]): ScanSample => ({ at: 1, children, fds });

describe('observation → job mapping table', () => {
  test.each([
    {
      what: 'qemu-img convert child',
      s: sample(
        [
          child(5, [
            '/usr/bin/qemu-img',
            'convert',
            '-f',
            'raw',
            '-O',
            'qcow2',
            '/pool/src.img',
            '/pool/q.qcow2',
          ]),
        ],
        [],
      ),
      kind: 'volume.clone',
      target: { pool: 'p', volume: 'src.img', targetPool: 'p', targetVolume: 'q.qcow2' },
      processed: 100,
      total: GiB, // the source's allocation: qemu-img skips holes
      cancellable: true,
    },
    {
      what: 'scrub child (nnsa: 4 passes); libvirtd fd on the same path belongs to it',
      s: sample(
        [child(6, ['scrub', '-f', '-p', 'nnsa', '/pool/w.img'])],
        [fd(30, 'read-write', 'w.img', 0)],
      ),
      kind: 'volume.wipe',
      target: { pool: 'p', volume: 'w.img', targetPool: null, targetVolume: null },
      processed: 150,
      total: 4 * GiB,
      cancellable: true,
    },
    {
      what: 'read-write fd + read fd (in-daemon clone)',
      s: sample([], [fd(24, 'read-write', 'dst.img', 9), fd(25, 'read', 'src.img', 10)]),
      kind: 'volume.clone',
      target: { pool: 'p', volume: 'src.img', targetPool: 'p', targetVolume: 'dst.img' },
      processed: 9,
      total: 2 * GiB,
      cancellable: false,
    },
    {
      what: 'read-write fd alone (zero wipe)',
      s: sample([], [fd(24, 'read-write', 'w.img', 9)]),
      kind: 'volume.wipe',
      target: { pool: 'p', volume: 'w.img', targetPool: null, targetVolume: null },
      processed: 9,
      total: GiB,
      cancellable: false,
    },
    {
      what: 'write-only fd (upload stream)',
      s: sample([], [fd(24, 'write', 'dst.img', 9)]),
      kind: 'volume.upload',
      target: { pool: 'p', volume: 'dst.img', targetPool: null, targetVolume: null },
      processed: 9,
      total: null,
      cancellable: false,
    },
    {
      what: 'read-only fd alone (download stream)',
      s: sample([], [fd(24, 'read', 'src.img', 9)]),
      kind: 'volume.download',
      target: { pool: 'p', volume: 'src.img', targetPool: null, targetVolume: null },
      processed: 9,
      total: 2 * GiB,
      cancellable: false,
    },
  ])('$what', ({ s, kind, target, processed, total, cancellable }) => {
    const [o, ...rest] = observe(s, lookup, new Set());
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ kind, target, processed, total });
    expect(o!.cancel !== null).toBe(cancellable);
    expect(o!.cancelNote).not.toBeNull();
  });

  test("Poolwatch's own work (a claimed path) is not external", () => {
    const s = sample([], [fd(24, 'read-write', 'dst.img'), fd(25, 'read', 'src.img')]);
    expect(observe(s, lookup, new Set(['/pool/dst.img']))).toEqual([]);
    expect(observe(s, lookup, new Set(['/pool/src.img']))).toEqual([]);
  });

  test('a child that is not a copy (qemu-img info) is no job', () => {
    expect(
      observe(sample([child(5, ['qemu-img', 'info', '/pool/src.img'])], []), lookup, new Set()),
    ).toEqual([]);
  });

  test('a target not listed yet is named by its pool-relative file name, total unknown', () => {
    const [o] = observe(
      sample([], [fd(24, 'read-write', 'new.img')]),
      (p) => (p === '/pool/new.img' ? null : lookup(p)),
      new Set(),
    );
    expect(o).toMatchObject({
      kind: 'volume.wipe',
      target: { pool: '?', volume: 'new.img' },
      total: null,
    });
  });

  test('the recorded real scan maps to what virsh ran: 2 clones, 2 wipes, an upload, a download', () => {
    const parser = new ScanParser();
    const url = new URL('../libvirt/parsers/fixtures/scan-virsh-jobs.txt', import.meta.url);
    const jobs = new Map<string, string>();
    for (const line of readFileSync(url, 'utf8').split('\n').filter(Boolean)) {
      const event = parser.push(line);
      if (event?.type !== 'sample') continue;
      for (const o of observe(event.sample, () => null, new Set())) jobs.set(o.key, o.kind);
    }
    expect([...jobs.values()]).toEqual([
      'volume.clone', // vol-clone raw: in-daemon
      'volume.clone', // vol-create-from to qcow2: qemu-img
      'volume.wipe', // nnsa: scrub
      'volume.wipe', // zero: in-daemon
      'volume.upload',
      'volume.download',
    ]);
  });
});
