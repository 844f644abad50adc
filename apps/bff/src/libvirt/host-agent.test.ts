import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HostAgent, type WatchEnd } from './host-agent.js';
import { HostShell } from './host-shell.js';

/**
 * The host agent (host-scripts/agent.sh) under a local bash (a qemu:/// URI): the same
 * text that goes over SSH, on real files and real detached processes. Its state directory
 * is a temporary one (POOLWATCH_AGENT_ROOT, honoured locally only), and its cgroup root
 * one with no controllers (POOLWATCH_CGROUP_ROOT): these tests make no cgroup on the machine.
 */
const dir = mkdtempSync(join(tmpdir(), 'pw-agent '));
const root = join(dir, 'jobs');
const logger = pino({ level: 'silent' });
const shell = new HostShell(
  'qemu:///system',
  { ...process.env, POOLWATCH_AGENT_ROOT: root },
  logger,
);
const agents: HostAgent[] = [];
const MiB = 1024 * 1024;

function newAgent(): HostAgent {
  const agent = new HostAgent(shell, logger);
  agents.push(agent);
  return agent;
}

afterAll(() => {
  for (const agent of agents) agent.close();
  // Whatever a failed test left running: only the workers this file started, by the pid
  // recorded in its own state directories.
  for (const id of safeList(root)) {
    const pid = Number(safeRead(join(root, id, 'pid')));
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function safeList(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function watch(agent: HostAgent, jobId: string) {
  const progress: number[] = [];
  const end: Promise<WatchEnd> = agent.watch(jobId, (bytes) => progress.push(bytes));
  return { progress, end };
}

describe('host agent (agent.sh)', () => {
  it('copies to a hostile path, reports the total, and ends with exit 0', async () => {
    const agent = newAgent();
    const src = join(dir, 'src');
    const dst = join(dir, "dst; $(id) 'q'\nline -x");
    const size = 5 * MiB + 17;
    writeFileSync(src, randomBytes(size));
    writeFileSync(dst, Buffer.alloc(0));
    const id = randomUUID();
    expect(await agent.start(id, 'copy', [src, dst])).toMatchObject({ total: size });
    const job = watch(agent, id);
    expect(await job.end).toMatchObject({ kind: 'exit', rc: 0, cancelled: false });
    expect(job.progress.at(-1)).toBe(size);
    expect(readFileSync(dst).equals(readFileSync(src))).toBe(true);
  });

  it('refuses a malformed size before touching anything', async () => {
    const agent = newAgent();
    const id = randomUUID();
    await expect(agent.start(id, 'zero', [join(dir, 'x'), '12; rm -rf /'])).rejects.toThrow(
      /not a byte count/,
    );
    expect(safeList(root)).not.toContain(id);
  });

  it('reserves space with fallocate', async () => {
    const agent = newAgent();
    const dst = join(dir, 'alloc');
    writeFileSync(dst, Buffer.alloc(0));
    const id = randomUUID();
    await agent.start(id, 'allocate', [dst, '0', String(8 * MiB)]);
    expect(await watch(agent, id).end).toMatchObject({ kind: 'exit', rc: 0 });
    expect(statSync(dst).size).toBe(8 * MiB);
  });

  it('keeps the work running when its channel ends; a new agent lists it, follows it and cancels it', async () => {
    const first = newAgent();
    const dst = join(dir, 'zeros');
    writeFileSync(dst, Buffer.alloc(0));
    const id = randomUUID();
    // 64 GiB of zeros: runs until cancelled (the test stops it after a few figures).
    await first.start(id, 'zero', [dst, String(64 * 1024 * MiB)]);
    first.close();

    const second = newAgent();
    expect(await second.list()).toContainEqual({ jobId: id, state: 'running', rc: null });
    const job = watch(second, id);
    await vi.waitFor(() => expect(job.progress.length).toBeGreaterThan(1), { timeout: 15_000 });
    second.cancel(id);
    expect(await job.end).toMatchObject({ kind: 'exit', cancelled: true });
    const size = statSync(dst).size;
    expect(size).toBeLessThan(64 * 1024 * MiB);
    // Nothing writes any more (the exit status is written only after dd has ended).
    const later = randomUUID();
    await second.start(later, 'allocate', [join(dir, 'alloc'), '0', String(MiB)]);
    await watch(second, later).end;
    expect(statSync(dst).size).toBe(size);
    rmSync(dst);

    second.forget(id);
    await vi.waitFor(async () =>
      expect((await second.list()).map((j) => j.jobId)).not.toContain(id),
    );
  });

  it('says a job is gone when its worker was killed by someone else', async () => {
    const agent = newAgent();
    const dst = join(dir, 'victim');
    writeFileSync(dst, Buffer.alloc(0));
    const id = randomUUID();
    const { pid } = await agent.start(id, 'zero', [dst, String(64 * 1024 * MiB)]);
    expect(pid).not.toBeNull();
    // SIGKILL its wrapper first (so no exit status is written), then the worker.
    process.kill(Number(safeRead(join(root, id, 'pgid'))), 'SIGKILL');
    process.kill(pid!, 'SIGKILL');
    expect(await watch(agent, id).end).toMatchObject({ kind: 'gone' });
    rmSync(dst);
  });
});
