import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAgentLine } from './agent-line.parser.js';

const ID = '11111111-2222-3333-4444-555555555555';

describe('parseAgentLine (host-scripts/agent.sh stdout)', () => {
  it('parses a recorded session of a real agent: start, progress, exit, list', () => {
    const lines = readFileSync(new URL('./fixtures/agent-lines.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.map(parseAgentLine)).toEqual([
      { type: 'ready', launcher: 'setsid' },
      { type: 'started', jobId: ID, pid: 11385, total: 67108864 },
      { type: 'progress', jobId: ID, atMs: 1796185512.581529 * 1000, bytes: 29360128 },
      { type: 'progress', jobId: ID, atMs: 1796185512.910216 * 1000, bytes: 67108864 },
      { type: 'exit', jobId: ID, rc: 0, cancelled: false, stderr: '' },
      { type: 'listed', jobId: ID, state: 'exited', rc: 0 },
      { type: 'listed', jobId: '22222222-2222-3333-4444-555555555555', state: 'running', rc: null },
      { type: 'list-end' },
    ]);
  });

  it.each([
    // Answers of job-control.sh, as the real agent printed them (job-pause.int.test.ts).
    [
      `C ${ID} limit ok cgroup v1 blkio.throttle on 254:0`,
      {
        type: 'control',
        jobId: ID,
        verb: 'limit',
        ok: true,
        detail: 'cgroup v1 blkio.throttle on 254:0',
      },
    ],
    [
      `C ${ID} pause ok cgroup v1 freezer`,
      { type: 'control', jobId: ID, verb: 'pause', ok: true, detail: 'cgroup v1 freezer' },
    ],
    [
      `C ${ID} resume no the work has ended`,
      { type: 'control', jobId: ID, verb: 'resume', ok: false, detail: 'the work has ended' },
    ],
    [`C ${ID} freeze ok x`, null],
    [`C ${ID} pause maybe x`, null],
    [`X ${ID} cancelled `, { type: 'exit', jobId: ID, rc: null, cancelled: true, stderr: '' }],
    [
      `X ${ID} 1 dd: error writing '/p/a b.img': No space left on device `,
      {
        type: 'exit',
        jobId: ID,
        rc: 1,
        cancelled: false,
        stderr: "dd: error writing '/p/a b.img': No space left on device",
      },
    ],
    [
      `G ${ID} the detached worker is gone`,
      { type: 'gone', jobId: ID, reason: 'the detached worker is gone' },
    ],
    [`N ${ID}`, { type: 'missing', jobId: ID }],
    // The pool directory watch (pool-dirs.sh), as the agent printed it by hand.
    ['W 2', { type: 'dirs-watched', count: 2 }],
    ['W two', null],
    [`D ${ID}`, { type: 'dir-changed', poolUuid: ID }],
    [`D ${ID} extra`, null],
    ['D /not/a/uuid', null],
    [
      `E ${ID} cannot write the target volume`,
      { type: 'error', jobId: ID, message: 'cannot write the target volume' },
    ],
    ['E - bad job id', { type: 'error', jobId: null, message: 'bad job id' }],
    [`S ${ID} - 1048576`, { type: 'started', jobId: ID, pid: null, total: 1048576 }],
    [
      `I ${ID} qemu-img 1796185512.5 4194304 65536`,
      {
        type: 'io',
        jobId: ID,
        child: 'qemu-img',
        atMs: 1796185512.5 * 1000,
        rchar: 4194304,
        wchar: 65536,
      },
    ],
    [
      `I ${ID} scrub 1796185512.5 0 8388608`,
      {
        type: 'io',
        jobId: ID,
        child: 'scrub',
        atMs: 1796185512.5 * 1000,
        rchar: 0,
        wchar: 8388608,
      },
    ],
    // libvirt's child held in the job's cgroups (libvirt-child-pause.int.test.ts).
    [
      `H ${ID} scrub 1 1 1`,
      { type: 'held', jobId: ID, child: 'scrub', freeze: true, throttle: true, direct: true },
    ],
    [
      `H ${ID} qemu-img 1 1 0`,
      { type: 'held', jobId: ID, child: 'qemu-img', freeze: true, throttle: true, direct: false },
    ],
  ])('%s', (line, event) => {
    expect(parseAgentLine(line)).toEqual(event);
  });

  it.each([
    'P ../../etc 1.0 5', // not a job id
    `P ${ID} 1.0 -5`,
    `P ${ID}  5`,
    `X ${ID} maybe`,
    `J ${ID} sleeping 0`,
    `S ${ID} 12 lots`,
    `I ${ID} dd 1.0 5 5`, // not a libvirt child
    `I ${ID} scrub 1.0 5`,
    `I ${ID} qemu-img  5 5`,
    `H ${ID} dd 1 1 1`, // not a libvirt child
    `H ${ID} scrub 1 1`,
    `H ${ID} scrub 1 1 2`,
    `H ${ID} scrub 1 1 1 1`,
    'Z whatever',
    '',
  ])('refuses %j', (line) => {
    expect(parseAgentLine(line)).toBeNull();
  });
});
