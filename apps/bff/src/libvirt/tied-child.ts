import type { ChildProcess } from 'node:child_process';

/** A child process of the BFF (spawnTied) that a job may stop: its pid, whether it runs, kill. */
export abstract class TiedChild {
  protected abstract readonly child: ChildProcess;

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(): void {
    if (this.running) this.child.kill('SIGTERM');
  }
}
