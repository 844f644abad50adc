/** Files on the host as the file system sees them: allocated blocks, bytes, snapshots. */
import { execFile } from 'node:child_process';
import { createCipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MiB = 1024 * 1024;

/** Bytes the file system allocated to a file (st_blocks is in 512-byte units on Linux); 0 when absent. */
export function allocatedBytes(path: string): number {
  try {
    return statSync(path).blocks * 512;
  } catch {
    return 0;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `size` bytes of AES-CTR keystream (incompressible, no zero blocks) to `path`. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
  const zeros = Buffer.alloc(8 * MiB);
  const file = await open(path, 'w');
  try {
    for (let done = 0; done < size;) {
      const n = Math.min(zeros.length, size - done);
      await file.write(cipher.update(zeros.subarray(0, n)));
      done += n;
    }
  } finally {
    await file.close();
  }
}

/** Writes `bytes` of random data (fresh per chunk) or of "y\n" (compressible, non-zero); the file must not exist. */
export async function writeFilled(file: string, bytes: number, fill: 'random' | 'yes') {
  const fh = await open(file, 'wx');
  try {
    const buf = Buffer.alloc(Math.min(64 * MiB, bytes));
    if (fill === 'yes') buf.fill('y\n');
    for (let at = 0; at < bytes; at += buf.length) {
      if (fill === 'random') randomFillSync(buf);
      const n = Math.min(buf.length, bytes - at);
      await fh.write(buf, 0, n, at);
    }
  } finally {
    await fh.close();
  }
}

/** A fully allocated file (unwritten extents) without writing it. */
export async function writeAllocated(file: string, bytes: number): Promise<void> {
  await run('fallocate', ['-l', String(bytes), '--', file]);
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** name -> size, mtime and inode of every file in a directory: equal snapshots = untouched. */
export function dirSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const st = statSync(join(dir, name));
    out[name] = `${st.size} ${st.mtimeMs} ${st.ino}`;
  }
  return out;
}

/** Runs a program with argv (no shell) and returns its stdout. */
export async function sh(program: string, ...args: string[]): Promise<string> {
  return (await run(program, args, { maxBuffer: 16 * MiB })).stdout;
}
