import type { Pool } from '@poolwatch/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PoolDir, PoolDirListener, PoolDirSource } from '../libvirt/agent-pool-dirs.js';
import { PoolDirWatch, SAFETY_RELIST_MS } from './pool-dir-watch.js';

const pool = (uuid: string, type: string, state: Pool['state'] = 'running'): Pool => ({
  name: uuid,
  uuid,
  type,
  state,
  persistent: true,
  autostart: false,
  capacity: 1,
  allocation: 0,
  available: 1,
  targetPath: `/pools/${uuid}`,
  volumeCount: state === 'running' ? 0 : null,
  error: null,
});

function scene() {
  const sent: PoolDir[][] = [];
  let listener: PoolDirListener | null = null;
  const source: PoolDirSource = {
    watch: (dirs) => sent.push([...dirs]),
    listen: (l) => (listener = l),
  };
  const onChange = vi.fn();
  const watch = new PoolDirWatch(onChange);
  watch.attach(source);
  return { watch, sent, onChange, agent: () => listener! };
}

afterEach(() => vi.useRealTimers());

describe('PoolDirWatch: which vol-lists the poll may skip', () => {
  it('asks the agent to watch running dir, fs and netfs pools only', () => {
    const { watch, sent } = scene();
    watch.update([pool('d', 'dir'), pool('f', 'fs'), pool('n', 'netfs'), pool('l', 'logical')]);
    watch.update([pool('s', 'dir', 'inactive'), pool('r', 'rbd')]);
    expect(sent.map((dirs) => dirs.map((d) => d.uuid))).toEqual([['d', 'f', 'n'], []]);
  });

  it('skips a list only after the baseline, until a change, a refresh or a minute', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { watch, onChange, agent } = scene();
    const before = Date.now() - 1;
    expect(watch.unchangedSince('d', Date.now())).toBe(false); // not watched yet
    agent().watching(new Set(['d']));
    expect(onChange).toHaveBeenCalledTimes(1); // one list after the baseline
    expect(watch.unchangedSince('d', before)).toBe(false); // listed before the baseline
    const listedAt = Date.now();
    vi.advanceTimersByTime(10);
    expect(watch.unchangedSince('d', listedAt)).toBe(true);
    expect(watch.unchangedSince('other', listedAt)).toBe(false); // logical, rbd…: polled

    agent().changed('d');
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(watch.unchangedSince('d', listedAt)).toBe(false);
    vi.advanceTimersByTime(10);
    const relisted = Date.now();
    expect(watch.unchangedSince('d', relisted)).toBe(true);

    vi.advanceTimersByTime(SAFETY_RELIST_MS);
    expect(watch.unchangedSince('d', relisted)).toBe(false); // the safety re-read

    const again = Date.now();
    vi.advanceTimersByTime(10);
    watch.expireAll();
    expect(watch.unchangedSince('d', again)).toBe(false);

    vi.advanceTimersByTime(10);
    const last = Date.now();
    vi.advanceTimersByTime(10);
    agent().lost();
    expect(watch.unchangedSince('d', last)).toBe(false); // no agent: polled as before
  });
});
