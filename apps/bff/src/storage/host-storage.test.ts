import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostConnection } from '../inventory/inventory-service.js';
import { HostStorage } from './host-storage.js';

const silent = pino({ level: 'silent' });

/** A HostStorage whose caps script answers what `answers` says, one call each. */
function storageWith(answers: Promise<string[]>[]) {
  const connection = {
    host: { id: 'h1', uri: 'qemu:///system' },
    env: process.env,
    writer: { ensureConnected: vi.fn(() => Promise.resolve()) },
  } as unknown as HostConnection;
  const storage = new HostStorage(connection, '/nonexistent', silent);
  const collect = vi.spyOn(storage.shell, 'collect').mockImplementation(() => {
    const next = answers.shift();
    if (!next) throw new Error('caps asked more often than expected');
    return next;
  });
  const connect = vi.spyOn(storage.agent, 'connect').mockImplementation(() => undefined);
  return { storage, collect, connect, writer: connection.writer };
}

const root = ['uid 0', 'user root', 'tool dd', 'daemon 5 readable'];
const other = ['uid 1000', 'user alice', 'tool dd', 'daemon 5 unreadable'];

afterEach(() => vi.useRealTimers());

describe('HostStorage warm-up and caps', () => {
  it('opens the write session, starts the agent and asks the caps when the host connects, not on the first job', async () => {
    const { storage, collect, connect, writer } = storageWith([Promise.resolve(root)]);
    storage.warmUp();
    expect(writer.ensureConnected).toHaveBeenCalledTimes(1);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledWith('caps');
    expect((await storage.caps()).uid).toBe(0);
    expect(collect).toHaveBeenCalledTimes(1); // the job's ask was served from the warm-up
  });

  it('answers old caps at once and refreshes them beside the job, never in its way', async () => {
    vi.useFakeTimers();
    let answer!: (lines: string[]) => void;
    const late = new Promise<string[]>((resolve) => (answer = resolve));
    const { storage, collect } = storageWith([Promise.resolve(root), late]);
    expect((await storage.caps()).uid).toBe(0);
    vi.advanceTimersByTime(61_000);
    // The refresh has not answered: the job still gets the figure it had, without waiting.
    expect((await storage.caps()).uid).toBe(0);
    expect(collect).toHaveBeenCalledTimes(2);
    expect((await storage.caps()).uid).toBe(0); // one refresh at a time
    expect(collect).toHaveBeenCalledTimes(2);
    answer(other);
    await vi.waitFor(async () => expect((await storage.caps()).uid).toBe(1000));
  });
});
