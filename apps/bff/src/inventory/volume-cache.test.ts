import { describe, expect, test, vi } from 'vitest';
import type { VolListRow } from '../libvirt/parsers/vol-list.parser.js';
import type { VirshArgs } from '../libvirt/virsh-command.js';
import type { VirshClient } from '../libvirt/virsh-client.js';
import { VolumeCache } from './volume-cache.js';
import { BIG_POOL_VOLUMES } from './volume-lists.js';

const xmlOf = (path: string) =>
  `<volume type='file'>\n<name>${path.slice(3)}</name>\n<key>${path}</key>\n` +
  `<capacity unit='bytes'>1048576</capacity>\n<allocation unit='bytes'>4096</allocation>\n` +
  `<target>\n<path>${path}</path>\n<format type='raw'/>\n</target>\n</volume>\n`;

/**
 * A host whose vol-dumpxml batches answer only when the test lets them (`release`), so what
 * the cache answers before its sizes are read can be seen.
 */
function heldHost() {
  const held: (() => void)[] = [];
  const virsh = {
    runBatch: (commands: readonly VirshArgs[]) =>
      new Promise((resolve) => {
        const stdout = commands.map((c) => xmlOf(c.at(-1)!)).join('');
        held.push(() => resolve({ stdout, stderr: '', ok: true }));
      }),
    runOrNull: () => Promise.resolve(null),
  } as unknown as VirshClient;
  const releaseAll = async () => {
    while (held.length > 0) {
      held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { virsh, held, releaseAll };
}

const rowsOf = (n: number): VolListRow[] =>
  Array.from({ length: n }, (_, i) => ({ name: `v-${i}`, path: `/p/v-${i}` }));

describe('VolumeCache on a big pool', () => {
  test('answers at once with the poll names, pending, then fills the sizes in', async () => {
    const host = heldHost();
    const onChanged = vi.fn();
    const cache = new VolumeCache(host.virsh, { onChanged, onError: vi.fn() });
    const rows = rowsOf(BIG_POOL_VOLUMES + 500);

    const first = await cache.read('uuid-big', rows);
    expect(first).toHaveLength(rows.length);
    expect(first!.every((v) => v.pending === true && v.capacity === null)).toBe(true);
    expect(first!.map((v) => v.name)).toEqual(rows.map((r) => r.name));
    expect(host.held.length).toBeGreaterThan(0); // reading, not answered yet
    expect(cache.isReading('uuid-big')).toBe(true);

    await host.releaseAll();
    await vi.waitFor(() => expect(cache.isReading('uuid-big')).toBe(false));
    const whole = await cache.read('uuid-big', rows);
    expect(whole!.some((v) => v.pending)).toBe(false);
    expect(whole!.map((v) => v.capacity)).toEqual(rows.map(() => 1048576));
    expect(onChanged).toHaveBeenCalledWith('uuid-big');
  });

  test('a poll while the sizes are read does not wait for them', async () => {
    const host = heldHost();
    const cache = new VolumeCache(host.virsh, { onChanged: vi.fn(), onError: vi.fn() });
    const rows = rowsOf(BIG_POOL_VOLUMES);
    await cache.read('uuid-big', rows);
    // Resolves although no batch was answered: the poll goes on with other pools.
    await expect(cache.updateAll([{ uuid: 'uuid-big', rows }], vi.fn())).resolves.toBeInstanceOf(
      Set,
    );
    await host.releaseAll();
  });

  test('a small pool is read whole before it answers, as before', async () => {
    const host = heldHost();
    const cache = new VolumeCache(host.virsh, { onChanged: vi.fn(), onError: vi.fn() });
    const rows = rowsOf(250);
    let answered = false;
    const read = cache.read('uuid-small', rows).then((v) => {
      answered = true;
      return v;
    });
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    await host.releaseAll();
    const volumes = await read;
    expect(volumes!.some((v) => v.pending)).toBe(false);
    expect(volumes).toHaveLength(250);
  });
});
