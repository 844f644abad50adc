import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { HostShell } from '../host-shell.js';

/**
 * The host scripts run here under a local bash (a qemu:/// URI): the same text that goes
 * over SSH to a real host, on real files and real processes.
 */
const shell = new HostShell('qemu:///system', process.env, pino({ level: 'silent' }));
const dir = mkdtempSync(join(tmpdir(), 'pw-host-scripts '));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(op: 'copy' | 'zero' | 'allocate', data: string[]) {
  const lines: string[] = [];
  const process = shell.start('mover', op, data, (line) => lines.push(line));
  return { process, lines, done: process.exited.then(() => lines) };
}

describe('mover.sh', () => {
  it('copies a file to a hostile path and reports the total, then exit 0', async () => {
    const src = join(dir, 'src');
    const dst = join(dir, "dst; $(id) 'q'\nline -x");
    writeFileSync(src, randomBytes(5 * 1024 * 1024 + 17));
    writeFileSync(dst, Buffer.alloc(0));
    const lines = await run('copy', [src, dst]).done;
    expect(lines[0]).toBe(`T ${5 * 1024 * 1024 + 17}`);
    expect(lines.at(-2)).toMatch(new RegExp(`^P \\d+\\.\\d+ ${5 * 1024 * 1024 + 17}$`));
    expect(lines.at(-1)).toBe('X 0');
    expect(readFileSync(dst).equals(readFileSync(src))).toBe(true);
  });

  it('stops its worker when stdin closes (cancel), and says so', async () => {
    const dst = join(dir, 'zeros');
    writeFileSync(dst, Buffer.alloc(0));
    // /dev/zero into a file without a length limit runs until killed.
    const job = run('zero', [dst, String(64 * 1024 ** 3)]);
    await waitFor(() => job.lines.some((l) => l.startsWith('P ')));
    job.process.close();
    const lines = await job.done;
    expect(lines.at(-1)).toBe('X cancelled');
    const size = statSync(dst).size;
    await new Promise((r) => setTimeout(r, 300));
    expect(statSync(dst).size).toBe(size); // nothing writes any more
    rmSync(dst);
  });

  it('refuses a malformed size before touching anything', async () => {
    const lines = await run('zero', [join(dir, 'x'), '12; rm -rf /']).done;
    expect(lines).toEqual(['E not a byte count: 12; rm -rf /']);
  });

  it('reserves space with fallocate', async () => {
    const dst = join(dir, 'alloc');
    writeFileSync(dst, Buffer.alloc(0));
    const lines = await run('allocate', [dst, '0', String(8 * 1024 * 1024)]).done;
    expect(lines.at(-1)).toBe('X 0');
    expect(statSync(dst).size).toBe(8 * 1024 * 1024);
  });
});

describe('probe.sh', () => {
  it('finds a process by an exact argv entry, reports its io, and kills it on K', async () => {
    const path = join(dir, 'target with space');
    // A decoy whose argv only contains the path as a prefix must not match.
    writeFileSync(path, '');
    writeFileSync(`${path}x`, '');
    const decoy = spawn('tail', ['-f', `${path}x`]);
    const target = spawn('tail', ['-f', path]);
    const lines: string[] = [];
    const probe = shell.start('probe', 'tail', [path], (line) => lines.push(line));
    await waitFor(() => lines.some((l) => l.startsWith('P ')));
    expect(lines).toContain(`F ${target.pid}`);
    probe.send('K');
    const exit = await new Promise<NodeJS.Signals | null>((r) =>
      target.on('exit', (_c, s) => r(s)),
    );
    expect(exit).toBe('SIGTERM');
    expect(decoy.exitCode).toBeNull();
    decoy.kill();
    probe.close();
    await probe.exited;
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
