import { expect, test } from 'vitest';
import { HashQueue, HashQueueFullError } from './hash-queue.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('suspect hashes never hold every slot; clean ones start at once; a full lane refuses', async () => {
  const q = new HashQueue({
    concurrency: 2,
    suspectConcurrency: 1,
    maxQueued: { clean: 1, suspect: 1 },
  });
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const g = gate();
  const task = (name: string) => async () => {
    running++;
    peak = Math.max(peak, running);
    started.push(name);
    await g.opened;
    running--;
  };
  const s1 = q.run('suspect', task('s1'));
  const s2 = q.run('suspect', task('s2')); // waits: one suspect slot only
  await expect(q.run('suspect', task('s3'))).rejects.toBeInstanceOf(HashQueueFullError);
  const c1 = q.run('clean', task('c1')); // the free slot: starts now
  const c2 = q.run('clean', task('c2')); // both slots busy: waits, ahead of s2
  await Promise.resolve();
  expect(started).toEqual(['s1', 'c1']);
  expect(q.waiting).toBe(2);
  g.open();
  await Promise.all([s1, s2, c1, c2]);
  expect(peak).toBe(2);
  expect(started).toEqual(['s1', 'c1', 'c2', 's2']);
});
