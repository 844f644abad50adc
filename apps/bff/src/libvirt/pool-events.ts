import type { ChildProcess } from 'node:child_process';
import { spawnTiedVirsh } from './spawn-tied.js';
import { createInterface } from 'node:readline';
import type { Logger } from '../logger.js';
import { parsePoolEventLine, type PoolEvent } from './parsers/pool-event.parser.js';

/**
 * Streams libvirt's pool events (`virsh pool-event --loop`). virsh 9.0 has no `--all` for
 * pool-event, so lifecycle and refresh each need their own process (and SSH connection).
 * There are no volume events in libvirt at all: volume changes are found by polling.
 */
export class PoolEventWatcher {
  private children: ChildProcess[] = [];
  private stopped = false;

  constructor(
    private readonly uri: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
    private readonly onEvent: (event: PoolEvent) => void,
    /** Watching needs no write access: `virsh -r` unless told otherwise. */
    private readonly readOnly = true,
  ) {}

  start(): void {
    this.stopped = false;
    for (const kind of ['lifecycle', 'refresh']) this.watch(kind);
  }

  stop(): void {
    this.stopped = true;
    for (const child of this.children.splice(0)) child.kill('SIGTERM');
  }

  private watch(kind: string): void {
    const child = spawnTiedVirsh(
      [
        ...(this.readOnly ? ['-r'] : []),
        '-c',
        this.uri,
        'pool-event',
        '--loop',
        '--timestamp',
        '--event',
        kind,
      ],
      {
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.children.push(child);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = parsePoolEventLine(line);
      if (event) this.onEvent(event);
    });
    child.stderr!.on('data', (chunk: Buffer) =>
      this.logger.debug({ kind, stderr: chunk.toString().trim() }, 'pool-event stderr'),
    );
    child.on('close', (code) => {
      this.children = this.children.filter((c) => c !== child);
      if (this.stopped) return;
      // The host connection restarts us on reconnect; a lone crash retries after a pause.
      this.logger.warn({ kind, code }, 'pool-event watcher exited; restarting in 5 s');
      setTimeout(() => !this.stopped && this.watch(kind), 5000).unref();
    });
  }
}
