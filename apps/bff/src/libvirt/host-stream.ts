import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { spawnTied } from './spawn-tied.js';
import { TiedChild } from './tied-child.js';

/**
 * One run of host-scripts/stream.sh (Poolwatch's stream mover) on its own SSH channel: the
 * path, offset and length go first on stdin (NUL-terminated data, never a shell string), then
 * an upload's bytes follow on the same stdin; a download's bytes come back on stdout. Same
 * surface as a streaming VirshProcess (exited, kill, pid, argv), so one pump drives both.
 */
export interface HostStreamExit {
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export type HostStreamOp = 'write' | 'read';

export interface HostStreamRange {
  path: string;
  offset: number;
  length: number;
}

export class HostStreamProcess extends TiedChild {
  readonly exited: Promise<HostStreamExit>;
  /** What /proc shows for the local end (setpriv execs it in place): recorded by the job. */
  readonly argv: readonly string[];
  protected readonly child: ChildProcess;

  /** `command`: hostScriptArgv(target, 'stream', op), built by HostShell.stream. */
  constructor(
    command: { program: string; args: string[] },
    env: NodeJS.ProcessEnv,
    op: HostStreamOp,
    range: HostStreamRange,
  ) {
    super();
    if (range.path.includes('\0')) throw new Error('a volume path cannot hold NUL');
    const { program, args } = command;
    this.argv = [program, ...args];
    const stdin = 'pipe';
    const stdout = op === 'read' ? 'pipe' : 'ignore';
    this.child = spawnTied(program, args, { env, stdio: [stdin, stdout, 'pipe'] });
    this.child.stdin!.on('error', () => undefined); // EPIPE once the mover ended
    this.child.stdin!.write(`${range.path}\0${range.offset}\0${range.length}\0`);
    if (op === 'read') this.child.stdin!.end();
    let stderr = '';
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) =>
        resolve({ ok: false, code: null, signal: null, stderr: stderr + error.message }),
      );
      this.child.on('close', (code, signal) => resolve({ ok: code === 0, code, signal, stderr }));
    });
  }

  /** An upload's bytes: written after the range header, on the same channel. */
  get stdin(): Writable {
    return this.child.stdin!;
  }

  /** A download's bytes. */
  get dataOut(): Readable {
    if (!this.child.stdout) throw new Error('the mover was started to write, not to read');
    return this.child.stdout;
  }
}
