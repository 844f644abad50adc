import type { Job } from '@poolwatch/shared';
import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, test } from 'vitest';
import { jobKeys, mergeFetchedJobs } from '../api/jobs';
import { queryKeys } from '../api/queries';
import { makeJob, makeProgress } from '../test/jobs';
import { applyJobProgress, applyJobUpdated } from './jobSync';
import { resyncAll } from './sync';

let client: QueryClient;
const jobs = () => client.getQueryData<Job[]>(jobKeys.all()) ?? [];

beforeEach(() => {
  client = new QueryClient();
  client.setQueryData(jobKeys.all(), [makeJob({ seq: 5 })]);
});

describe('job:progress', () => {
  test('a newer tick is merged into the cached job', async () => {
    await applyJobProgress(client, {
      id: 'job-1',
      seq: 6,
      progress: makeProgress({ dataProcessed: 5 * 1024 ** 3 }),
    });
    expect(jobs()[0]).toMatchObject({ seq: 6, state: 'running' });
    expect(jobs()[0]?.progress.dataProcessed).toBe(5 * 1024 ** 3);
  });

  test('an older or equal tick is dropped', async () => {
    const before = jobs();
    await applyJobProgress(client, {
      id: 'job-1',
      seq: 4,
      progress: makeProgress({ dataProcessed: 1 }),
    });
    await applyJobProgress(client, {
      id: 'job-1',
      seq: 5,
      progress: makeProgress({ dataProcessed: 2 }),
    });
    expect(jobs()).toBe(before);
  });

  test('a tick overtaken by a state change does not undo it', async () => {
    await applyJobUpdated(
      client,
      makeJob({ seq: 8, state: 'succeeded', endedAt: '2025-01-01T10:01:00Z' }),
    );
    await applyJobProgress(client, {
      id: 'job-1',
      seq: 7,
      progress: makeProgress({ dataProcessed: 1 }),
    });
    expect(jobs()[0]).toMatchObject({ seq: 8, state: 'succeeded' });
    expect(jobs()[0]?.progress.dataProcessed).not.toBe(1);
  });

  test('a tick for an unknown job refetches the list', async () => {
    await applyJobProgress(client, { id: 'job-9', seq: 1, progress: makeProgress() });
    expect(client.getQueryState(jobKeys.all())?.isInvalidated).toBe(true);
  });
});

describe('job:updated', () => {
  test('a new job is inserted newest first', async () => {
    await applyJobUpdated(
      client,
      makeJob({ id: 'job-2', seq: 1, createdAt: '2025-01-02T00:00:00Z' }),
    );
    expect(jobs().map((j) => j.id)).toEqual(['job-2', 'job-1']);
  });

  test('an older copy is ignored', async () => {
    await applyJobUpdated(client, makeJob({ seq: 3, state: 'queued' }));
    expect(jobs()[0]?.state).toBe('running');
  });

  test('finishing refreshes the pools it touched', async () => {
    client.setQueryData(queryKeys.volumes('lab1', 'demo-images'), []);
    await applyJobUpdated(client, makeJob({ seq: 9, state: 'failed' }));
    expect(client.getQueryState(queryKeys.volumes('lab1', 'demo-images'))?.isInvalidated).toBe(
      true,
    );
  });

  test('a malformed job refetches the list', async () => {
    await applyJobUpdated(client, { id: 'x' });
    expect(client.getQueryState(jobKeys.all())?.isInvalidated).toBe(true);
  });
});

test('a (re)connect resync refetches the jobs too', async () => {
  await resyncAll(client);
  expect(client.getQueryState(jobKeys.all())?.isInvalidated).toBe(true);
});

describe('mergeFetchedJobs', () => {
  const now = Date.parse('2025-01-01T10:00:30Z');
  test('a cached copy newer than the fetched one wins', () => {
    const merged = mergeFetchedJobs([makeJob({ seq: 4 })], [makeJob({ seq: 7 })], now);
    expect(merged[0]?.seq).toBe(7);
  });
  test('a job announced during the fetch is kept; long-gone ones are dropped', () => {
    const fresh = makeJob({ id: 'new', createdAt: '2025-01-01T10:00:29Z' });
    const stale = makeJob({ id: 'old', createdAt: '2024-12-31T00:00:00Z' });
    const merged = mergeFetchedJobs([makeJob()], [fresh, stale], now);
    expect(merged.map((j) => j.id)).toEqual(['new', 'job-1']);
  });
});
