import { describe, expect, it } from 'vitest';
import { planClone, type CloneFacts } from './clone.planner.js';
import { isDurable, type HostFacts, type Plan } from './plan.js';
import { planStream, type StreamFacts, type StreamPlan } from './stream.planner.js';
import { planWipe, type WipeFacts } from './wipe.planner.js';
import { planCreate, type CreateFacts } from './create.planner.js';
import { planResize, type ResizeFacts } from './resize.planner.js';

/**
 * ARCHITECTURE.md's "which path each kind takes" table, row by row (clone, wipe, create,
 * resize): who
 * moves the bytes (executor + worker), whether a cancel stops it, whether it survives a
 * BFF restart. A row changed here changes there.
 */
const rootFile: HostFacts = { root: true, user: 'root', ownsBytes: true, poolType: 'dir' };
const rootLogical: HostFacts = { root: true, user: 'root', ownsBytes: false, poolType: 'logical' };
const userFile: HostFacts = { root: false, user: 'pw', ownsBytes: false, poolType: 'dir' };

type Row = [string, Plan['executor'], Plan['worker'], boolean, boolean];

/** One row: row name, executor, worker, cancellable, durable (survives a BFF restart). */
function expectRow(plan: Plan, [, executor, worker, cancellable, durable]: Row): void {
  expect(plan).toMatchObject({ executor, worker, cancellable });
  expect(isDurable(plan)).toBe(durable);
  // Not cancellable always says why.
  if (!cancellable) expect(plan.cancelNote).toBeTruthy();
}

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
  ])('%#: %s', (facts, ...row) => expectRow(planClone(facts), row));
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
  ])('%#: %s', (facts, ...row) => expectRow(planWipe(facts), row));
});

const create = (f: HostFacts, format: string, allocation: number) =>
  ({ ...f, format, allocation }) satisfies CreateFacts;

describe('planCreate', () => {
  it.each<[CreateFacts, ...Row]>([
    [
      create(rootFile, 'raw', 1024),
      'raw with allocation: Poolwatch reserves',
      'poolwatch-mover',
      'fallocate',
      true,
      true,
    ],
    [create(rootFile, 'raw', 0), 'sparse raw: one call', 'libvirt-call', null, false, false],
    [
      create(rootFile, 'qcow2', 1024),
      'qcow2 with allocation: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      create(rootLogical, 'raw', 1024),
      'raw with allocation off file pools: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      create(userFile, 'raw', 1024),
      'not root, raw with allocation: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
  ])('%#: %s', (facts, ...row) => expectRow(planCreate(facts), row));
});

const resize = (f: HostFacts, format: string, allocate: boolean, grow: number) =>
  ({ ...f, format, allocate, grow }) satisfies ResizeFacts;

describe('planResize', () => {
  it.each<[ResizeFacts, ...Row]>([
    [
      resize(rootFile, 'raw', true, 1024),
      'grow raw with allocate: Poolwatch reserves, then vol-resize',
      'poolwatch-mover',
      'fallocate',
      true,
      true,
    ],
    [
      resize(rootFile, 'raw', false, 1024),
      'grow without allocate: one call',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [resize(rootFile, 'raw', true, -1024), 'shrink: one call', 'libvirt-call', null, false, false],
    [
      resize(rootFile, 'qcow2', true, 1024),
      'qcow2 with allocate: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
    [
      resize(userFile, 'raw', true, 1024),
      'not root: in libvirtd',
      'libvirt-call',
      null,
      false,
      false,
    ],
  ])('%#: %s', (facts, ...row) => expectRow(planResize(facts), row));
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
