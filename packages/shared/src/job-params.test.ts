import { describe, expect, it } from 'vitest';
import { csvCell, jobCsv } from './job-history.js';
import { JobParamsSchema, jobParamFields, upgradeJobBody } from './job-params.js';
import { JobSchema } from './jobs.js';

const job = (params: unknown, kind = 'volume.create') => ({
  id: 'j1',
  seq: 1,
  hostId: 'sandbox',
  kind,
  target: { pool: 'default', volume: 'a.img', targetPool: null, targetVolume: null },
  state: 'succeeded',
  progress: {
    type: 'bounded',
    dataTotal: 10,
    dataProcessed: 10,
    dataRemaining: 0,
    timeElapsed: 5,
    timeRemaining: null,
    rate: null,
    source: 'x',
  },
  cancellable: false,
  cancelNote: null,
  error: null,
  params,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  endedAt: null,
});

describe('Job.params: one schema per kind', () => {
  const cases: [unknown, string[]][] = [
    [
      { kind: 'volume.create', name: 'a', capacity: 1024, allocation: 0 },
      ['capacity', 'allocation'],
    ],
    [{ kind: 'volume.clone', name: 'b', format: 'raw', sourceFormat: 'qcow2' }, []],
    [{ kind: 'volume.upload', length: 5, create: true, format: 'raw' }, ['length']],
    [
      {
        kind: 'volume.upload',
        length: 9,
        create: true,
        format: 'raw',
        resumable: true,
        uploaded: 6,
        resumedFrom: 4,
        resumes: 1,
        volumeCreated: true,
      },
      ['length', 'uploaded', 'resumedFrom'],
    ],
    [{ kind: 'volume.download', length: 5 }, ['length']],
    [{ kind: 'volume.wipe', algorithm: 'zero' }, []],
    [{ kind: 'volume.resize', capacity: 9, from: 4, shrink: false }, ['capacity', 'from']],
    [{ kind: 'volume.delete', force: true }, []],
    [{ kind: 'pool.define', type: 'dir', start: true }, []],
    [{ kind: 'pool.start' }, []],
    [{ kind: 'pool.autostart', autostart: false }, []],
    [{ kind: 'pool.delete', deleteData: true }, []],
  ];
  it.each(cases)('%j parses typed; byte fields are %j', (params, byteKeys) => {
    const parsed = JobParamsSchema.parse(params);
    expect(parsed).toEqual(params);
    const fields = jobParamFields(parsed);
    expect(fields.filter((f) => f.unit === 'bytes').map((f) => f.key)).toEqual(byteKeys);
    expect(fields.some((f) => f.key === 'kind')).toBe(false);
  });

  it('a byte field that is not a byte count does not parse typed', () => {
    const parsed = JobParamsSchema.parse({ kind: 'volume.create', name: 'a', capacity: '10G' });
    expect(parsed.kind).toBe('unknown');
  });

  it('an old row (params without kind) parses typed through upgradeJobBody', () => {
    const parsed = JobSchema.parse(upgradeJobBody(job({ name: 'a', capacity: 1024 })));
    expect(parsed.params).toEqual({ kind: 'volume.create', name: 'a', capacity: 1024 });
    expect(parsed.startedBy).toBeNull();
  });

  it('an old row whose shape no longer fits is kept as unknown values, not dropped', () => {
    const parsed = JobSchema.parse(upgradeJobBody(job({ size: 5, mystery: [1] }, 'volume.wipe')));
    expect(parsed.params).toEqual({
      kind: 'unknown',
      values: { kind: 'volume.wipe', size: 5, mystery: [1] },
    });
    expect(jobParamFields(parsed.params).every((f) => f.unit === null)).toBe(true);
  });

  it('non-object params become empty unknown params', () => {
    expect(JobParamsSchema.parse('nonsense')).toEqual({ kind: 'unknown', values: {} });
  });
});

describe('CSV export', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-rf', "'-rf"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
  ])('%j → %s', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('numbers are not prefixed and null is empty', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });

  it('one header row and one CRLF-terminated row per job', () => {
    const parsed = JobSchema.parse(job({ kind: 'volume.create', name: '=evil', capacity: 1 }));
    const text = jobCsv([parsed, parsed]);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]?.startsWith('id,createdAt,')).toBe(true);
    expect(lines[3]).toBe('');
    expect(lines[1]).toContain(',poolwatch,');
  });
});
