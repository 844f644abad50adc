/** Runs one of ./children/*.js with this Node and hands its stdout over line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export class LineChild {
  private child: ChildProcess | null = null;

  constructor(
    private readonly script: 'allocation-sample' | 'holder-scan',
    private readonly args: string[],
  ) {}

  start(onLine: (line: string) => void): void {
    const file = fileURLToPath(new URL(`./children/${this.script}.js`, import.meta.url));
    const child = spawn(process.execPath, [file, ...this.args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child = child;
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    });
  }

  /** Ends the child's stdin (its signal to stop) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin?.end();
    await exited;
  }
}
