import { describe, expect, test, vi } from 'vitest';
import type { VirshClient } from '../libvirt/virsh-client.js';
import type { Logger } from '../logger.js';
import { BIG_POOL_VOLUMES, VolumeLists } from './volume-lists.js';

const volList = (n: number) =>
  ' Name   Path\n------------------\n' +
  Array.from({ length: n }, (_, i) => ` v${i}    /p/v${i}\n`).join('') +
  '\n';

/** vol-list on a session answers at once; on a one-shot virsh only when the test says. */
function host(volumes: number) {
  const alone: ((out: string) => void)[] = [];
  const virsh = {
    run: vi.fn(() => Promise.resolve(volList(volumes))),
    runOrNull: vi.fn(() => Promise.resolve(volList(volumes))),
    runAlone: vi.fn(() => new Promise<string>((resolve) => alone.push(resolve))),
  };
  return { virsh, alone, client: virsh as unknown as VirshClient };
}

const logger = { warn: vi.fn() } as unknown as Logger;

describe('VolumeLists', () => {
  test('a big pool: listed inline once, then its rows are reused and re-listed aside', async () => {
    const h = host(BIG_POOL_VOLUMES);
    const onFresh = vi.fn();
    const lists = new VolumeLists(h.client, 0, logger, onFresh);
    expect(await lists.rows('big')).toHaveLength(BIG_POOL_VOLUMES);
    expect(h.virsh.runOrNull).toHaveBeenCalledTimes(1);
    // Later polls (once twice its cost has passed) do not wait for the one-shot vol-list
    // they start: they answer with the last rows while it runs.
    await vi.waitFor(async () => {
      expect(await lists.rows('big')).toHaveLength(BIG_POOL_VOLUMES);
      expect(h.virsh.runAlone).toHaveBeenCalledTimes(1);
    });
    expect(h.virsh.runOrNull).toHaveBeenCalledTimes(1);
    // One more volume: the poll is asked for, and the next one carries the new rows.
    h.alone.shift()!(volList(BIG_POOL_VOLUMES + 1));
    await vi.waitFor(() => expect(onFresh).toHaveBeenCalledTimes(1));
    expect(await lists.rows('big')).toHaveLength(BIG_POOL_VOLUMES + 1);
  });

  test('not while the cache reads that pool', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const h = host(BIG_POOL_VOLUMES);
      let reading = true;
      const lists = new VolumeLists(h.client, 0, logger, vi.fn(), () => reading);
      await lists.rows('big');
      vi.setSystemTime(Date.now() + 60_000); // long past due
      await lists.rows('big');
      expect(h.virsh.runAlone).not.toHaveBeenCalled();
      reading = false;
      await lists.rows('big');
      expect(h.virsh.runAlone).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a small pool is listed inline by every poll', async () => {
    const h = host(10);
    const lists = new VolumeLists(h.client, 0, logger, vi.fn());
    await lists.rows('small');
    await lists.rows('small');
    expect(h.virsh.runOrNull).toHaveBeenCalledTimes(2);
    expect(h.virsh.runAlone).not.toHaveBeenCalled();
  });
});
