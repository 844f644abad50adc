import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Logger } from '../logger.js';
import { HostStreamProcess, type HostStreamOp, type HostStreamRange } from './host-stream.js';
import { spawnTied } from './spawn-tied.js';

/**
 * Runs Poolwatch's fixed host scripts (host-scripts/*.sh) on a libvirt host, over the same
 * SSH access libvirt uses (same user, key, known_hosts: the per-host ssh wrapper is first
 * on the env's PATH). Only constant text ever reaches the remote shell: the script itself
 * and a constant operation word. Data (paths, sizes) travels on stdin, NUL-terminated.
 * For a local URI (qemu:///system) the same scripts run under a local bash.
 */
export type HostScriptName = 'probe' | 'caps' | 'list' | 'reap' | 'agent' | 'scan' | 'stream';

/**
 * Files put before a script's own text (function libraries), so a script stays one job per
 * file: the agent's pause/resume/limit functions live in job-control.sh, its libvirt calls in
 * agent-libvirt.sh, its pool directory watch in pool-dirs.sh.
 */
const SCRIPT_PARTS: Partial<Record<HostScriptName, readonly string[]>> = {
  agent: ['job-control', 'agent-libvirt', 'pool-dirs'],
};

const scriptCache = new Map<HostScriptName, string>();
const readScript = (file: string) =>
  readFileSync(new URL(`./host-scripts/${file}.sh`, import.meta.url), 'utf8');
function scriptText(name: HostScriptName): string {
  let text = scriptCache.get(name);
  if (text === undefined) {
    // Libraries first (function definitions only), so they exist when the script runs.
    text = [...(SCRIPT_PARTS[name] ?? []), name].map(readScript).join('\n');
    scriptCache.set(name, text);
  }
  return text;
}

export interface SshTarget {
  host: string;
  user: string | null;
  port: number | null;
}

/** The SSH end of a libvirt URI; null when libvirt is reached locally. */
export function sshTargetOf(uri: string): SshTarget | null {
  const url = new URL(uri);
  const transport = url.protocol.replace(/:$/, '').split('+')[1];
  if (transport === undefined || transport === 'unix') return null;
  if (transport !== 'ssh' && transport !== 'libssh' && transport !== 'libssh2') {
    throw new Error(`host scripts need SSH access; transport "${transport}" is not supported`);
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    user: url.username === '' ? null : decodeURIComponent(url.username),
    port: url.port === '' ? null : Number(url.port),
  };
}

/** POSIX-shell single quoting, used for the constant script text only. */
function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function hostScriptArgv(
  target: SshTarget | null,
  name: HostScriptName,
  op: string,
): { program: string; args: string[] } {
  if (!/^[a-z-]*$/.test(op)) throw new Error(`operation word must be a constant: ${op}`);
  const bashArgs = ['-c', scriptText(name), `poolwatch-${name}`, ...(op ? [op] : [])];
  if (target === null) return { program: 'bash', args: bashArgs };
  const args = ['-T', '-o', 'BatchMode=yes', '-o', 'ServerAliveInterval=5'];
  // The stream mover's channel carries whole volumes: AES-GCM first (AES-NI: half the CPU
  // per GiB of OpenSSH's default chacha20-poly1305 on each end, measured on this machine);
  // `^` keeps the rest of the default list, so a host without it still agrees on one.
  if (name === 'stream') args.push('-o', 'Ciphers=^aes128-gcm@openssh.com');
  if (target.port !== null) args.push('-p', String(target.port));
  if (target.user !== null) args.push('-l', target.user);
  // ssh joins the remote words with spaces for the remote login shell: quote them.
  args.push('--', target.host, ['bash', ...bashArgs].map(shQuote).join(' '));
  return { program: 'ssh', args };
}

export interface HostScriptExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** One running host script: line-oriented stdout, stdin kept open for commands. */
export class HostScriptProcess {
  readonly exited: Promise<HostScriptExit>;
  private readonly child: ChildProcess;
  private stderr = '';

  constructor(
    target: SshTarget | null,
    env: NodeJS.ProcessEnv,
    name: HostScriptName,
    op: string,
    data: readonly string[],
    onLine: (line: string) => void,
    private readonly logger: Logger,
  ) {
    const { program, args } = hostScriptArgv(target, name, op);
    this.child = spawnTied(program, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    for (const datum of data) {
      if (datum.includes('\0')) throw new Error('host script data cannot hold NUL');
      this.child.stdin!.write(datum + '\0');
    }
    this.child.stdin!.on('error', () => undefined); // EPIPE after the script exited
    createInterface({ input: this.child.stdout! }).on('line', onLine);
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 16_384) this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.stderr += error.message;
        resolve({ code: null, signal: null, stderr: this.stderr });
      });
      this.child.on('close', (code, signal) => resolve({ code, signal, stderr: this.stderr }));
    });
  }

  /** Sends NUL-terminated data (the host agent's commands: every field is data). */
  write(data: readonly string[]): void {
    if (data.some((d) => d.includes('\0'))) throw new Error('host script data cannot hold NUL');
    if (this.child.stdin!.writable) this.child.stdin!.write(data.map((d) => d + '\0').join(''));
  }

  /** Sends one command line (probe: `K`). */
  send(line: string): void {
    if (this.child.stdin!.writable) this.child.stdin!.write(line + '\n');
  }

  /**
   * Ends stdin: the script exits (probe, agent: detached work goes on). If the SSH link is
   * stuck, the local ssh is killed after a grace period; sshd then closes the remote stdin
   * too, with the same effect.
   */
  close(graceMs = 3000): void {
    this.child.stdin!.end();
    const timer = setTimeout(() => {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.logger.warn({ pid: this.child.pid }, 'host script did not exit: killing ssh');
        this.child.kill('SIGKILL');
      }
    }, graceMs);
    timer.unref();
    void this.exited.then(() => clearTimeout(timer));
  }
}

/** The host-script side of one host: which SSH target, which environment. */
export class HostShell {
  private readonly target: SshTarget | null;

  constructor(
    uri: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
  ) {
    this.target = sshTargetOf(uri);
  }

  start(
    name: HostScriptName,
    op: string,
    data: readonly string[],
    onLine: (line: string) => void,
  ): HostScriptProcess {
    return new HostScriptProcess(this.target, this.env, name, op, data, onLine, this.logger);
  }

  /** Poolwatch's stream mover on a channel of its own (host-scripts/stream.sh). */
  stream(op: HostStreamOp, range: HostStreamRange): HostStreamProcess {
    return new HostStreamProcess(hostScriptArgv(this.target, 'stream', op), this.env, op, range);
  }

  /** Runs a script to the end and returns its stdout lines. */
  async collect(name: HostScriptName, op = '', data: readonly string[] = []): Promise<string[]> {
    const lines: string[] = [];
    const process = this.start(name, op, data, (line) => lines.push(line));
    process.close(30_000);
    const exit = await process.exited;
    if (exit.code !== 0) {
      throw new Error(
        `host script ${name} failed (${exit.code ?? exit.signal}): ${exit.stderr.trim()}`,
      );
    }
    return lines;
  }
}
