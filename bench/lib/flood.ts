/** A sign-in flood: N clients, each from its own loopback address, with random usernames. */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  ms: number;
  setCookie: string | undefined;
}

/** POST /api/session from `localAddress` (127.0.0.0/8 is all loopback on Linux). */
export function signIn(
  port: number,
  localAddress: string,
  username: string,
  password: string,
): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/session',
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - t0,
            setCookie: res.headers['set-cookie']?.[0],
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('sign-in timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export class Flood {
  private running = true;
  private readonly loops: Promise<void>[] = [];
  /** Answers by status, over all clients. */
  readonly byStatus = new Map<number, number>();
  /** Clients that have had at least one answer. */
  private readonly answered = new Set<number>();

  constructor(
    private readonly port: number,
    readonly clients: number,
  ) {
    for (let i = 0; i < clients; i++) this.loops.push(this.loop(i));
  }

  get everyoneAnswered(): boolean {
    return this.answered.size === this.clients;
  }

  private async loop(i: number): Promise<void> {
    const from = `127.0.0.${i + 2}`;
    while (this.running) {
      const username = `flood-${randomBytes(6).toString('hex')}`;
      const status = await signIn(this.port, from, username, 'not-the-password').then(
        (a) => a.status,
        () => -1,
      );
      this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
      this.answered.add(i);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
