import { describe, expect, it } from 'vitest';
import { planClone, type CloneFacts } from './clone.planner.js';
import { isDurable, type HostFacts, type Plan } from './plan.js';
import { planStream, type StreamFacts, type StreamPlan } from './stream.planner.js';
import { planWipe, type WipeFacts } from './wipe.planner.js';

/**
 * ARCHITECTURE.md's "which path each kind takes" table, row by row (clone and wipe): who
 * moves the bytes (executor + worker), whether a cancel stops it, whether it survives a
 * BFF restart. A row changed here changes there.
 */
const rootFile: HostFacts = { root: true, user: 'root', ownsBytes: true, poolType: 'dir' };
const rootLogical: HostFacts = { root: true, user: 'root', ownsBytes: false, poolType: 'logical' };
const userFile: HostFacts = { root: false, user: 'pw', ownsBytes: false, poolType: 'dir' };

type Row = [string, Plan['executor'], Plan['worker'], boolean, boolean];

const clone = (f: HostFacts, sourceFormat: string, format: string, targetPathKnown = true) =>
  ({ ...f, sourceFormat, format, targetPathKnown }) satisfies CloneFacts;

describe('planClone', () => {
  it.each<[CloneFacts, ...Row]>([
    // facts, row, executor, worker, cancellable, durable
    [clone(rootFile, 'raw', 'raw'), 'raw → raw: Poolwatch dd', 'poolwatch-mover', 'dd', true, true],
    [
      clone(rootFile, 'raw', 'qcow2'),
      'raw → qcow2: libvirt qemu-img, detached',
      'libvirt-call-detached',
      'qemu-img',
      true,
      true,
    ],
    [
      clone(rootFile, 'qcow2', 'raw'),
      'qcow2 → raw: libvirt qemu-img, detached',
      'libvirt-call-detached',
      'qemu-img',
      true,
      true,
    ],
    [
      clone(rootLogical, 'raw', 'raw'),
      'raw → raw off file pools: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      clone(rootLogical, 'raw', 'qcow2', false),
      'format change, no target path',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      clone(userFile, 'raw', 'raw'),
      'not root, raw → raw: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      clone(userFile, 'raw', 'qcow2'),
      'not root, format change: probed',
      'libvirt-call-probed',
      'qemu-img',
      false,
      false,
    ],
  ])('%#: %s', (facts, _row, executor, worker, cancellable, durable) => {
    const plan = planClone(facts);
    expect(plan).toMatchObject({ executor, worker, cancellable });
    expect(isDurable(plan)).toBe(durable);
    // Not cancellable always says why.
    if (!cancellable) expect(plan.cancelNote).toBeTruthy();
  });
});

const wipe = (f: HostFacts, algorithm: WipeFacts['algorithm'], sparse = false) =>
  ({ ...f, algorithm, sparse }) satisfies WipeFacts;

describe('planWipe', () => {
  it.each<[WipeFacts, ...Row]>([
    [
      wipe(rootFile, 'zero'),
      'zero, fully allocated: Poolwatch dd',
      'poolwatch-mover',
      'dd',
      true,
      true,
    ],
    [
      wipe(rootFile, 'zero', true),
      'zero, sparse: libvirt truncates',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      wipe(rootLogical, 'zero'),
      'zero off file pools: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
    ...(
      ['nnsa', 'dod', 'bsi', 'gutmann', 'schneier', 'pfitzner7', 'pfitzner33', 'random'] as const
    ).map((algorithm): [WipeFacts, ...Row] => [
      wipe(rootFile, algorithm),
      `${algorithm}: libvirt scrub, detached`,
      'libvirt-call-detached',
      'scrub',
      true,
      true,
    ]),
    [
      wipe(rootLogical, 'nnsa'),
      'nnsa on a logical pool: scrub, detached',
      'libvirt-call-detached',
      'scrub',
      true,
      true,
    ],
    [
      wipe(userFile, 'nnsa'),
      'not root: scrub probed, not cancellable',
      'libvirt-call-probed',
      'scrub',
      false,
      false,
    ],
    [wipe(userFile, 'zero'), 'not root, zero: in libvirtd', 'libvirt-call', null, false, false],
  ])('%#: %s', (facts, _row, executor, worker, cancellable, durable) => {
    const plan = planWipe(facts);
    expect(plan).toMatchObject({ executor, worker, cancellable });
    expect(isDurable(plan)).toBe(durable);
    if (!cancellable) expect(plan.cancelNote).toBeTruthy();
  });
});

describe('planStream', () => {
  const file = (f: HostFacts, volumeType = 'file', path: string | null = '/p/v.img') =>
    ({ ...f, volumeType, path }) satisfies StreamFacts;
  it.each<[StreamFacts, string, StreamPlan['executor']]>([
    [file(rootFile), 'file volume, dir pool, root: Poolwatch mover', 'host-mover'],
    [
      file({ ...rootFile, poolType: 'netfs' }),
      'file volume, netfs pool, root: mover',
      'host-mover',
    ],
    [file(rootLogical, 'block', '/dev/vg/lv'), 'logical pool: libvirt stream', 'libvirt-stream'],
    [file(userFile), 'non-root SSH user: libvirt stream', 'libvirt-stream'],
    [file(rootFile, 'file', null), 'no path known: libvirt stream', 'libvirt-stream'],
    [file(rootFile, 'dir'), 'a directory volume: libvirt stream', 'libvirt-stream'],
  ])('%#: %s', (facts, _row, executor) => {
    expect(planStream(facts, 'upload').executor).toBe(executor);
    expect(planStream(facts, 'download').executor).toBe(executor);
  });
});
