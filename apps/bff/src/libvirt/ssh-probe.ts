import { execFile } from 'node:child_process';
import { connect } from 'node:net';

export interface SshEndpoint {
  host: string;
  port: number;
}

/**
 * Where ssh connects for a `qemu+ssh://` URI, as ssh itself resolves it: `ssh -G` prints the
 * effective configuration (Host aliases, Port, HostName from ssh_config) without touching
 * the network. null: not an SSH URI, or one that goes through a ProxyJump/ProxyCommand,
 * which cannot be probed directly.
 */
export async function resolveSshEndpoint(
  uri: string,
  env: NodeJS.ProcessEnv,
): Promise<SshEndpoint | null> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (!url.protocol.endsWith('+ssh:') || url.hostname === '') return null;
  const args = ['-G'];
  if (url.port) args.push('-p', url.port);
  if (url.username) args.push('-l', decodeURIComponent(url.username));
  args.push('--', url.hostname.replace(/^\[(.*)\]$/, '$1'));
  const out = await new Promise<string>((resolve, reject) =>
    // `ssh` from the host's PATH: the per-host wrapper with its ssh_config (ssh-setup.ts).
    execFile('ssh', args, { env, timeout: 5000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
  const option = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(out)?.[1]?.trim() ?? null;
  const proxy = option('proxycommand') ?? option('proxyjump');
  if (proxy !== null && proxy !== 'none') return null;
  const host = option('hostname');
  const port = Number(option('port') ?? 22);
  return host === null || !Number.isInteger(port) ? null : { host, port };
}

/**
 * Is an sshd answering at the endpoint? Established sessions survive their sshd (each has
 * its own process), so they cannot tell; a new TCP connection that reads the server's
 * identification line ("SSH-2.0-...") can. It sends nothing and closes at once: sshd may log
 * one short "connection closed" line per probe. Resolves with the reason, in ssh's words
 * where it has some, or null when sshd answered.
 */
export function probeSsh(endpoint: SshEndpoint, timeoutMs: number): Promise<string | null> {
  const where = `ssh: connect to host ${endpoint.host} port ${endpoint.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    let received = '';
    const done = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(
      () => done(`${where}: no SSH answer within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.startsWith('SSH-')) done(null);
      else if (received.length >= 4 && !'SSH-'.startsWith(received.slice(0, 4)))
        done(`${where}: the server there is not sshd`);
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done(`${where}: ${ERRNO_WORDS[error.code ?? ''] ?? error.message}`),
    );
    socket.on('end', () => done(`${where}: closed before the SSH banner`));
  });
}

/** ssh's own wording for the common failures, so the reason reads as ssh would say it. */
const ERRNO_WORDS: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ENOTFOUND: 'Name or service not known',
};
