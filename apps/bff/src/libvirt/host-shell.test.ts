import { describe, expect, it } from 'vitest';
import { hostScriptArgv, sshTargetOf } from './host-shell.js';

describe('sshTargetOf', () => {
  it('reads user, host and port of a qemu+ssh URI', () => {
    expect(sshTargetOf('qemu+ssh://root@127.0.0.1:2222/system')).toEqual({
      host: '127.0.0.1',
      user: 'root',
      port: 2222,
    });
    expect(sshTargetOf('qemu+ssh://kvm1.example/system?keyfile=/k')).toEqual({
      host: 'kvm1.example',
      user: null,
      port: null,
    });
    expect(sshTargetOf('qemu+ssh://admin@[::1]/system')?.host).toBe('::1');
  });

  it('is null for a local daemon and refuses transports without a shell', () => {
    expect(sshTargetOf('qemu:///system')).toBeNull();
    expect(sshTargetOf('qemu+unix:///system')).toBeNull();
    expect(() => sshTargetOf('qemu+tls://host/system')).toThrow(/SSH/);
  });
});

describe('hostScriptArgv', () => {
  it('sends only constant text to the remote shell, quoted as one word each', () => {
    const { program, args } = hostScriptArgv(
      { host: 'h', user: 'root', port: 22 },
      'probe',
      'scrub',
    );
    expect(program).toBe('ssh');
    expect(args.slice(0, 9)).toEqual([
      '-T',
      '-o',
      'BatchMode=yes',
      '-o',
      'ServerAliveInterval=5',
      '-p',
      '22',
      '-l',
      'root',
    ]);
    expect(args.at(-3)).toBe('--');
    const remote = args.at(-1)!;
    expect(remote.startsWith("'bash' '-c' '")).toBe(true);
    expect(remote.endsWith("'poolwatch-probe' 'scrub'")).toBe(true);
  });

  it('runs bash locally for a local URI', () => {
    const { program, args } = hostScriptArgv(null, 'caps', '');
    expect(program).toBe('bash');
    expect(args[0]).toBe('-c');
    expect(args.at(-1)).toBe('poolwatch-caps');
  });

  it('refuses an operation word that is not a constant', () => {
    expect(() => hostScriptArgv(null, 'probe', 'scrub; rm -rf /')).toThrow(/constant/);
  });
});
