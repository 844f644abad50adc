import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, configuredBandwidth, loadConfig } from './config.js';

const hosts = (value: unknown) => ({ POOLWATCH_HOSTS: JSON.stringify(value) });

describe('loadConfig', () => {
  test('defaults to the sandbox host under the data dir', () => {
    const config = loadConfig({ POOLWATCH_DATA: '/srv/pw' });
    expect(config.port).toBe(8080);
    expect(config.bind).toBe('127.0.0.1');
    expect(config.hosts).toEqual([
      expect.objectContaining({
        id: 'sandbox',
        uri: 'qemu+ssh://root@127.0.0.1:2222/system',
        keyFile: '/srv/pw/sandbox/id_ed25519',
        knownHostsFile: '/srv/pw/sandbox/known_hosts',
      }),
    ]);
  });

  test('POOLWATCH_STREAM_IDLE_MS: 60 s by default, a number of ms, named when invalid', () => {
    expect(loadConfig({ POOLWATCH_DATA: '/srv/pw' }).streamIdleMs).toBe(60_000);
    expect(loadConfig({ POOLWATCH_STREAM_IDLE_MS: '5000' }).streamIdleMs).toBe(5000);
    expect(() => loadConfig({ POOLWATCH_STREAM_IDLE_MS: 'soon' })).toThrow(
      /POOLWATCH_STREAM_IDLE_MS/,
    );
    expect(() => loadConfig({ POOLWATCH_STREAM_IDLE_MS: '0' })).toThrow(/POOLWATCH_STREAM_IDLE_MS/);
  });

  test('reads POOLWATCH_HOSTS', () => {
    const config = loadConfig(
      hosts([
        { id: 'lab1', uri: 'qemu+ssh://root@10.0.0.5/system', label: 'Lab 1' },
        { id: 'local', uri: 'qemu:///system' },
      ]),
    );
    expect(config.hosts.map((h) => h.id)).toEqual(['lab1', 'local']);
  });

  test('default bandwidth: the smallest of host and the pools a job touches; bad values named', () => {
    const MiB = 1048576;
    const config = loadConfig(
      hosts([
        {
          id: 'lab1',
          uri: 'qemu:///system',
          defaultBandwidth: 100 * MiB,
          pools: { images: { defaultBandwidth: 40 * MiB }, scratch: { defaultBandwidth: null } },
        },
        { id: 'free', uri: 'qemu:///system', pools: { slow: { defaultBandwidth: 20 * MiB } } },
      ]),
    );
    const limit = configuredBandwidth(config.hosts);
    expect(limit('lab1', ['other'])).toBe(100 * MiB);
    expect(limit('lab1', ['scratch'])).toBe(100 * MiB);
    expect(limit('lab1', ['scratch', 'images'])).toBe(40 * MiB);
    expect(limit('free', ['other'])).toBeNull();
    expect(limit('free', ['slow'])).toBe(20 * MiB);
    expect(limit('nowhere', ['slow'])).toBeNull();
    expect(() =>
      loadConfig(hosts([{ id: 'a', uri: 'qemu:///system', defaultBandwidth: 5 }])),
    ).toThrow(/^POOLWATCH_HOSTS\[0\]\.defaultBandwidth: /);
    expect(() =>
      loadConfig(
        hosts([{ id: 'a', uri: 'qemu:///system', pools: { p: { defaultBandwith: MiB * 9 } } }]),
      ),
    ).toThrow(/^POOLWATCH_HOSTS\[0\]\.pools\.p: .*defaultBandwith/);
  });

  test('reads POOLWATCH_CONFIG and resolves key paths relative to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-config-'));
    const file = join(dir, 'poolwatch.json');
    writeFileSync(
      file,
      JSON.stringify({
        hosts: [{ id: 'lab1', uri: 'qemu+ssh://root@h/system', keyFile: 'keys/id' }],
      }),
    );
    expect(loadConfig({ POOLWATCH_CONFIG: file }).hosts[0]?.keyFile).toBe(join(dir, 'keys/id'));
  });

  test.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [hosts([{ id: 'Bad Id', uri: 'qemu:///system' }]), /^POOLWATCH_HOSTS\[0\]\.id: /],
    [hosts([{ id: 'a', uri: 'not a uri' }]), /^POOLWATCH_HOSTS\[0\]\.uri: must be a libvirt URI/],
    [hosts([{ id: 'a', uri: 'qemu:///system', extra: 1 }]), /^POOLWATCH_HOSTS\[0\]: .*extra/],
    [
      hosts([
        { id: 'a', uri: 'qemu:///system' },
        { id: 'a', uri: 'qemu:///system' },
      ]),
      /host ids must be unique/,
    ],
    [hosts([]), /must list at least one host/],
    [{ POOLWATCH_HOSTS: '[{' }, /^POOLWATCH_HOSTS: not valid JSON/],
    [{ POOLWATCH_CONFIG: '/nonexistent/poolwatch.json' }, /^POOLWATCH_CONFIG: cannot read/],
  ])('rejects %j naming the field', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});
