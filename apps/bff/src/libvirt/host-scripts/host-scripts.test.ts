import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
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

describe('stream.sh', () => {
  it('writes a range from stdin without truncating, and reads one back byte for byte', async () => {
    const path = join(dir, "stream target; $(id) 'q'.img");
    const before = randomBytes(1 << 20);
    writeFileSync(path, before);
    const data = randomBytes(300_000); // not a multiple of dd's 4 MiB block
    const offset = 12_345;
    const writer = shell.stream('write', { path, offset, length: data.length });
    writer.stdin.end(data);
    expect((await writer.exited).ok).toBe(true);
    const expected = Buffer.concat([
      before.subarray(0, offset),
      data,
      before.subarray(offset + data.length),
    ]);
    expect(readFileSync(path).equals(expected)).toBe(true);
    const reader = shell.stream('read', { path, offset: 1000, length: 500_000 });
    const chunks: Buffer[] = [];
    for await (const chunk of reader.dataOut) chunks.push(chunk as Buffer);
    expect((await reader.exited).ok).toBe(true);
    expect(Buffer.concat(chunks).equals(expected.subarray(1000, 501_000))).toBe(true);
  });

  it('refuses a path that is not a regular file, before any byte moves', async () => {
    const writer = shell.stream('write', { path: dir, offset: 0, length: 10 });
    writer.stdin.end(Buffer.alloc(10));
    const exit = await writer.exited;
    expect(exit.ok).toBe(false);
    expect(exit.stderr).toMatch(/not a regular file/);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
