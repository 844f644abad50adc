import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnTied } from './spawn-tied.js';
import { runVirshOnce } from './virsh-oneshot.js';

/**
 * virsh with a controlling terminal writes a polkit warning to stderr that the adapter
 * reads as failure (spawn-tied.ts). Every virsh/ssh the adapter starts must therefore lead
 * a session of its own: a session leader's session id is its own PID, and a new session
 * has no controlling terminal. Checked on real processes through /proc.
 */
const SESSION_REPORT = `read -r stat < /proc/$$/stat; set -- \${stat##*) }; echo "$$ $4"`;

const parse = (out: string) => {
  const [pid, sid] = out.trim().split(' ').map(Number);
  return { pid, sid };
};

const dir = mkdtempSync(join(tmpdir(), 'pw-spawn-tied-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('processes the adapter starts run without the BFF terminal', () => {
  it('spawnTied: the child leads a new session', async () => {
    const child = spawnTied('sh', ['-c', SESSION_REPORT], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    await new Promise((resolve) => child.once('close', resolve));
    const { pid, sid } = parse(out);
    expect(pid).toBeGreaterThan(0);
    expect(sid).toBe(pid);
  });

  it('runVirshOnce: virsh leads a new session', async () => {
    // A stand-in `virsh` first on PATH: what is checked is how it is started, not virsh.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'virsh'), `#!/bin/sh\n${SESSION_REPORT}\n`);
    chmodSync(join(bin, 'virsh'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const result = await runVirshOnce('qemu:///system', ['uri'], env, 10_000);
    expect(result.ok).toBe(true);
    const { pid, sid } = parse(result.stdout);
    expect(pid).toBeGreaterThan(0);
    expect(sid).toBe(pid);
  });
});
