import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
