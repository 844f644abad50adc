import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfig } from '../config.js';

/**
 * The environment every virsh of one host runs with.
 *
 * A host may name its own SSH key and known_hosts file. libvirt's ssh transport runs
 * `ssh` from PATH but passes it almost no environment and has no URI parameter for a
 * known_hosts file, so Poolwatch writes, per host, an ssh_config and a tiny `ssh` wrapper
 * (`exec /usr/bin/ssh -F <config beside me> "$@"`) and puts the wrapper first on PATH.
 * The wrapper holds no data (it finds its config relative to itself), host keys are still
 * verified (StrictHostKeyChecking yes), and BatchMode stops ssh from ever prompting.
 * Without keyFile/knownHostsFile the user's normal SSH setup applies unchanged.
 */
export function virshEnvFor(host: HostConfig, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LC_ALL: 'C.UTF-8', // parse the same output everywhere (cockpit does the same)
    TERM: 'dumb',
    COLUMNS: '1000000', // readline in the interactive session must not wrap long lines
  };
  delete env.LIBVIRT_DEFAULT_URI;
  if (host.keyFile === undefined && host.knownHostsFile === undefined) return env;

  const dir = join(dataDir, 'ssh', host.id);
  mkdirSync(join(dir, 'bin'), { recursive: true, mode: 0o700 });
  const lines = [
    '# Written by Poolwatch for host ' + host.id + '; rewritten at every start.',
    'Host *',
  ];
  if (host.keyFile !== undefined)
    lines.push(`  IdentityFile ${sshConfigQuote(host.keyFile)}`, '  IdentitiesOnly yes');
  if (host.knownHostsFile !== undefined)
    lines.push(`  UserKnownHostsFile ${sshConfigQuote(host.knownHostsFile)}`);
  lines.push(
    '  StrictHostKeyChecking yes',
    '  BatchMode yes',
    '  ConnectTimeout 10',
    '  ServerAliveInterval 15',
  );
  // Everything else (ProxyJump, User, Port...) still comes from the user's own config.
  lines.push('Include ~/.ssh/config');
  writeFileSync(join(dir, 'ssh_config'), lines.join('\n') + '\n', { mode: 0o600 });
  const wrapper = join(dir, 'bin', 'ssh');
  writeFileSync(wrapper, '#!/bin/sh\nexec /usr/bin/ssh -F "$(dirname "$0")/../ssh_config" "$@"\n');
  chmodSync(wrapper, 0o755);
  env.PATH = `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  return env;
}

/** ssh_config values: double quotes allow spaces; quotes themselves cannot appear. */
function sshConfigQuote(path: string): string {
  if (/["\n\r]/.test(path))
    throw new Error(`unsupported character in SSH file path: ${JSON.stringify(path)}`);
  return `"${path}"`;
}
