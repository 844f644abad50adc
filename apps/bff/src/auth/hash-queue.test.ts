import { expect, test } from 'vitest';
import { HashQueue, HashQueueFullError } from './hash-queue.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('at most `concurrency` run; the clean lane goes first; a full lane refuses', async () => {
  const q = new HashQueue({ concurrency: 2, maxQueued: { clean: 1, suspect: 1 } });
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const task = (name: string, g: { opened: Promise<void> }) => async () => {
    running++;
    peak = Math.max(peak, running);
    order.push(name);
    await g.opened;
    running--;
    return name;
  };
  const g = gate();
  const all = [
    q.run('suspect', task('s1', g)),
    q.run('suspect', task('s2', g)),
    q.run('suspect', task('s3', g)), // waits
    q.run('clean', task('c1', g)), // waits, but runs before s3
  ];
  await expect(q.run('suspect', task('s4', g))).rejects.toBeInstanceOf(HashQueueFullError);
  expect(q.waiting).toBe(2);
  g.open();
  await Promise.all(all);
  expect(peak).toBe(2);
  expect(order).toEqual(['s1', 's2', 'c1', 's3']);
});
