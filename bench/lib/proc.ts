/** Child processes, always as argv arrays. */
import { execFile, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export async function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await execFileP(file, args, {
      env: env ?? process.env,
      maxBuffer: 64 << 20,
      timeout: 60_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

export const tryRun = (file: string, args: string[], env?: NodeJS.ProcessEnv) =>
  run(file, args, env).catch(() => null);

/** Wall time from spawn to exit, stdout collected. Fails on a non-zero exit. */
export function timed(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve({ ms, stdout: Buffer.concat(out).toString('utf8') });
      else
        reject(
          new Error(
            `${file} ${args.join(' ')} exited ${code ?? signal}: ${Buffer.concat(err).toString('utf8').trim()}`,
          ),
        );
    });
  });
}
