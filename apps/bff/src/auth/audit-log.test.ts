import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import type { Job } from '@poolwatch/shared';
import { openAuthDb } from './auth-db.js';
import { AuditLog, auditJobOutcomes } from './audit-log.js';

const denied = (ip: string, actor = 'anonymous') => ({
  actor,
  actorKind: 'anonymous' as const,
  action: 'session.login',
  outcome: 'denied' as const,
  status: 401,
  message: 'wrong username or password',
  ip,
});

test('refused anonymous requests: one row per IP and minute, with a count', () => {
  let now = new Date('2026-12-01T10:00:05Z');
  const audit = new AuditLog(openAuthDb(':memory:'), { now: () => now });
  for (let i = 0; i < 50; i++) audit.record(denied('10.0.0.1', `user-${i}`));
  audit.record(denied('10.0.0.2'));
  now = new Date('2026-12-01T10:01:01Z');
  audit.record(denied('10.0.0.1', 'user-x'));
  audit.record({
    ...denied('10.0.0.1'),
    actor: 'admin',
    actorKind: 'user',
    outcome: 'ok',
    status: 200,
  });
  const rows = audit.page({ limit: 10 }).entries;
  expect(rows.map((r) => [r.ip, r.count, r.outcome])).toEqual([
    ['10.0.0.1', 1, 'ok'],
    ['10.0.0.1', 1, 'denied'],
    ['10.0.0.2', 1, 'denied'],
    ['10.0.0.1', 50, 'denied'],
  ]);
  expect(rows[3]?.actor).toBe('(several)');
});

test('retention and size cap delete the oldest rows', () => {
  let now = new Date('2026-01-01T00:00:00Z');
  const audit = new AuditLog(openAuthDb(':memory:'), {
    now: () => now,
    retentionDays: 90,
    maxRows: 3,
  });
  const ok = (target: string) =>
    audit.record({
      actor: 'admin',
      actorKind: 'user',
      action: 'pool.start',
      target,
      outcome: 'ok',
    });
  ok('old');
  now = new Date('2026-03-15T00:00:00Z');
  ok('a');
  ok('b');
  ok('c');
  ok('d');
  now = new Date('2026-04-05T00:00:00Z'); // 'old' is now 94 days old
  expect(audit.prune()).toBe(2); // 'old' by age, 'a' by the cap
  expect(audit.page({ limit: 10 }).entries.map((e) => e.target)).toEqual(['d', 'c', 'b']);
});

test('a job that fails turns the row that started it to failed, linking the job', () => {
  const audit = new AuditLog(openAuthDb(':memory:'));
  audit.record({
    actor: 'admin',
    actorKind: 'user',
    action: 'pool.delete',
    target: 'h/p',
    outcome: 'ok',
    status: 202,
    jobId: 'job-1',
  });
  audit.jobFinished('job-1', 'failed', 'volume x is still there');
  const [entry] = audit.page({ limit: 1 }).entries;
  expect(entry).toMatchObject({ outcome: 'failed', jobId: 'job-1' });
  expect(entry?.message).toContain('volume x is still there');
});

test('long fields are cut', () => {
  const audit = new AuditLog(openAuthDb(':memory:'));
  audit.record({
    actor: 'admin',
    actorKind: 'user',
    action: 'volume.create',
    target: 'x'.repeat(5000),
    params: { name: 'y'.repeat(10_000) },
    outcome: 'ok',
  });
  const [entry] = audit.page({ limit: 1 }).entries;
  expect(entry?.target?.length).toBeLessThan(600);
  expect(JSON.stringify(entry?.params).length).toBeLessThan(5000);
});

test('auditJobOutcomes: the engine reporting a failed job updates its row', () => {
  const audit = new AuditLog(openAuthDb(':memory:'));
  const engine = new EventEmitter<{ updated: [Job] }>();
  auditJobOutcomes(engine, audit);
  const start = (jobId: string) =>
    audit.record({
      actor: 'admin',
      actorKind: 'user',
      action: 'pool.delete',
      outcome: 'ok',
      status: 202,
      jobId,
    });
  start('job-ok');
  start('job-bad');
  const job = (id: string, state: Job['state']) =>
    ({ id, state, error: state === 'failed' ? { id: 'x', message: 'still active' } : null }) as Job;
  engine.emit('updated', job('job-ok', 'succeeded'));
  engine.emit('updated', job('job-bad', 'failed'));
  const byJob = new Map(audit.page({ limit: 5 }).entries.map((e) => [e.jobId, e.outcome]));
  expect(byJob.get('job-ok')).toBe('ok');
  expect(byJob.get('job-bad')).toBe('failed');
});

describe('audit filters', () => {
  let now = new Date('2026-12-01T10:00:00Z');
  const audit = new AuditLog(openAuthDb(':memory:'), { now: () => now });
  const at = (time: string, actor: string, action: string, outcome: 'ok' | 'denied' | 'failed') => {
    now = new Date(time);
    audit.record({ actor, actorKind: 'user', action, target: `${actor} ${action}`, outcome });
  };
  at('2026-12-01T10:00:00Z', 'alice', 'job.submit', 'ok');
  at('2026-12-01T11:00:00Z', 'bob', 'job.cancel', 'denied');
  at('2026-12-01T12:00:00Z', 'alice', 'pool.start', 'failed');
  at('2026-12-01T13:00:00Z', 'al%', 'jobXsubmit', 'ok');
  at('2026-12-01T14:00:00Z', 'alice', 'job.submit', 'ok');
  const targets = (query: Parameters<AuditLog['page']>[0]) =>
    audit.page(query).entries.map((e) => e.target);

  test.each([
    [
      'user, exact',
      { user: 'alice' },
      ['alice job.submit', 'alice pool.start', 'alice job.submit'],
    ],
    ['user with a LIKE wildcard stays literal', { user: 'al%' }, ['al% jobXsubmit']],
    ['action, exact', { action: 'job.submit' }, ['alice job.submit', 'alice job.submit']],
    [
      'action prefix ending in a dot',
      { action: 'job.' },
      ['alice job.submit', 'bob job.cancel', 'alice job.submit'],
    ],
    ['outcome', { outcome: 'denied' as const }, ['bob job.cancel']],
    [
      'from inclusive, to exclusive',
      { from: '2026-12-01T11:00:00Z', to: '2026-12-01T13:00:00Z' },
      ['bob job.cancel', 'alice pool.start'],
    ],
    ['a time with an offset', { from: '2026-12-01T15:30:00+02:00' }, ['alice job.submit']],
    [
      'all together',
      { user: 'alice', action: 'job.', outcome: 'ok' as const },
      ['alice job.submit', 'alice job.submit'],
    ],
  ])('%s', (_what, filter, expected) => {
    // Listed oldest first above; the page is newest first.
    expect(targets({ limit: 10, ...filter })).toEqual([...expected].reverse());
  });

  test('filters and the page cursor combine; the CSV export takes every match', () => {
    const first = audit.page({ limit: 1, user: 'alice' });
    expect(first.entries.map((e) => e.time)).toEqual(['2026-12-01T14:00:00.000Z']);
    const second = audit.page({ limit: 5, user: 'alice', before: first.nextBefore! });
    expect(second.entries.map((e) => e.action)).toEqual(['pool.start', 'job.submit']);
    expect(second.nextBefore).toBeNull();
    expect(audit.matching({ limit: 10_000, action: 'job.' }).map((e) => e.actor)).toEqual([
      'alice',
      'bob',
      'alice',
    ]);
  });
});
