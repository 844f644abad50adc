import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { spawnTied } from './spawn-tied.js';
import { TiedChild } from './tied-child.js';
import type { VirshArgs } from './virsh-command.js';

/**
 * A one-shot `virsh -c URI <args>` for what must not hold a shared session: long storage
 * calls (vol-create-from, vol-wipe, pool-build...) that can run for hours, and libvirt
 * streams (vol-upload from our stdin, vol-download to our fd 3). argv only; it dies with
 * the BFF. Killing it aborts a stream (libvirt drops the stream with the connection); it
 * does NOT stop work the daemon does itself: see ARCHITECTURE.md for who cancels what.
 */
export interface VirshExit {
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface VirshProcessOptions {
  uri: string;
  env: NodeJS.ProcessEnv;
  args: VirshArgs;
  /** 'pipe' exposes `stdin` (vol-upload /dev/stdin). */
  stdin?: 'pipe' | 'ignore';
  /** Opens fd 3 as a pipe read by us (vol-download /dev/fd/3: stdout would get an extra \n). */
  dataOut?: boolean;
}

export class VirshProcess extends TiedChild {
  readonly exited: Promise<VirshExit>;
  /**
   * The argv /proc shows for this process once it runs virsh (setpriv and the shim's bash
   * exec it in place): what a job records so a reconciler can find exactly this process.
   */
  readonly argv: readonly string[];
  protected readonly child: ChildProcess;

  constructor(options: VirshProcessOptions) {
    super();
    const stdio: ('pipe' | 'ignore')[] = [options.stdin ?? 'ignore', 'pipe', 'pipe'];
    if (options.dataOut) stdio.push('pipe');
    const virshArgs = ['-c', options.uri, ...options.args];
    this.argv = ['virsh', ...virshArgs];
    const shim = streamShim(options);
    this.child = shim
      ? spawnTied('bash', ['-c', shim, 'poolwatch-virsh-stream', ...virshArgs], {
          env: options.env,
          stdio,
        })
      : spawnTied('virsh', virshArgs, { env: options.env, stdio });
    let stdout = '';
    let stderr = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      if (stdout.length < 65_536) stdout += chunk.toString();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 65_536) stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) =>
        resolve({ ok: false, code: null, signal: null, stdout, stderr: stderr + error.message }),
      );
      this.child.on('close', (code, signal) =>
        resolve({ ok: code === 0 && stderr.trim() === '', code, signal, stdout, stderr }),
      );
    });
  }

  get stdin(): Writable {
    if (!this.child.stdin) throw new Error('virsh was started without a stdin pipe');
    return this.child.stdin;
  }

  get dataOut(): Readable {
    const fd3 = this.child.stdio[3];
    if (!fd3) throw new Error('virsh was started without a data pipe');
    return fd3 as Readable;
  }
}

/**
 * libuv hands a child its stdio "pipes" as UNIX socketpairs, but virsh opens its stream
 * file by path (`vol-upload ... /dev/stdin`, `vol-download ... /dev/fd/3`), and open(2) of
 * /proc/self/fd/N fails with ENXIO on a socket ("cannot create /dev/fd/3"). For streams a
 * bash in between puts a real pipe (fed by / feeding `cat`) on that fd, then execs virsh:
 * same pid, so kill() and the parent-death signal still reach virsh itself. `cat` ends by
 * itself: EOF from us (upload) or from virsh (download). Only constant text is shell code;
 * the argv stays data ("$@").
 */
function streamShim(options: VirshProcessOptions): string | null {
  const redirects = [
    ...(options.stdin === 'pipe' ? ['< <(exec cat)'] : []),
    ...(options.dataOut ? ['3> >(exec cat >&3)'] : []),
  ];
  return redirects.length === 0 ? null : `exec virsh "$@" ${redirects.join(' ')}`;
}
