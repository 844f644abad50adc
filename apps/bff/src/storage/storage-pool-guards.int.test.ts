import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiPaths, type ApiError } from '@poolwatch/shared';
import { hostileVolumeNames } from '@poolwatch/shared/testing';
import {
  api,
  jobIds,
  runJob,
  startStack,
  submit,
  waitJob,
  type Reply,
  type Stack,
} from '../test-support/jobs.js';
import { createTestPool, testDataDir, virsh, type TestPool } from '../test-support/sandbox.js';

/**
 * What a define, a create or a pool delete must refuse or survive on the real daemon.
 * Ground truth: local virsh (pool-dumpxml, pool-list) and the file system.
 */
const H = 'sandbox';

describe('pool and name guard rails on the real host', () => {
  let stack: Stack;
  let volumes: TestPool;
  const id = randomBytes(3).toString('hex');
  const victim = { name: `pw-int victim-${id}`, dir: join(testDataDir, 'pools', `victim-${id}`) };
  const made: string[] = [victim.name];
  let victimXml = '';
  let victimUuid = '';

  const poolNames = () =>
    virsh('pool-list', '--all', '--name')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  const rawPost = async (path: string, text: string): Promise<Reply> => {
    const res = await fetch(stack.base + path, {
      method: 'POST',
      headers: {
        cookie: stack.admin.cookie,
        'x-csrf-token': stack.admin.csrf,
        'content-type': 'application/json',
      },
      body: text,
    });
    return { status: res.status, body: await res.json() };
  };
  /** Refused with `status` before anything ran: no job, no pool, the victim untouched. */
  const expectRefused = async (reply: Reply, status: number, message: RegExp, jobs: string[]) => {
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    expect((reply.body as ApiError).error.message).toMatch(message);
    expect(await jobIds(stack)).toEqual(jobs);
    expect(virsh('pool-dumpxml', '--', victim.name)).toBe(victimXml);
  };
  const poolXml = (name: string, extra = '', target = join(testDataDir, 'pools', `x-${id}`)) =>
    `<pool type='dir'><name>${name}</name>${extra}<target><path>${target}</path></target></pool>`;

  beforeAll(async () => {
    mkdirSync(victim.dir, { recursive: true });
    virsh('pool-define-as', '--name', victim.name, '--type', 'dir', '--target', victim.dir);
    victimXml = virsh('pool-dumpxml', '--', victim.name);
    victimUuid = virsh('pool-uuid', '--', victim.name).trim();
    volumes = createTestPool('guards');
    virsh('vol-create-as', '--pool', volumes.name, '--name', 'src.raw', '--capacity', '1M');
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    for (const name of made) {
      for (const command of ['pool-destroy', 'pool-undefine']) {
        try {
          virsh(command, '--', name);
        } catch {
          // not running / not defined
        }
      }
    }
    rmSync(victim.dir, { recursive: true, force: true });
    volumes?.destroy();
  });

  test('XML with a DOCTYPE entity, other entities or a second <name>/<uuid>: 400, the other pool unchanged', async () => {
    const jobs = await jobIds(stack);
    const pools = poolNames();
    const doctype = `<!DOCTYPE pool [<!ENTITY n "${victim.name}">]>${poolXml('&n;')}`;
    for (const [xml, why] of [
      [doctype, /DOCTYPE/],
      [poolXml('&n;'), /entity/],
      [poolXml(victim.name, `<name>pw-int other-${id}</name>`), /more than one <name>/],
      [
        poolXml(`pw-int other-${id}`, `<uuid>${victimUuid}</uuid><uuid>${victimUuid}</uuid>`),
        /more than one <uuid>/,
      ],
    ] as const) {
      await expectRefused(await api(stack, 'POST', apiPaths.pools(H), { xml }), 400, why, jobs);
    }
    expect(poolNames()).toEqual(pools);
  });

  test("a define with an existing pool's UUID or name, however spelled: 409, the other pool unchanged", async () => {
    const jobs = await jobIds(stack);
    const pools = poolNames();
    const shouted = victimUuid.replaceAll('-', '').toUpperCase();
    const spelledName = `&#x${victim.name.codePointAt(0)!.toString(16)};${victim.name.slice(1)}`;
    for (const xml of [
      poolXml(`pw-int new-${id}`, `<uuid> ${shouted} </uuid>`),
      poolXml(`pw-int new-${id}`, `<uuid>${victimUuid}</uuid>`),
      poolXml(spelledName),
    ]) {
      await expectRefused(
        await api(stack, 'POST', apiPaths.pools(H), { xml }),
        409,
        /exists/,
        jobs,
      );
    }
    expect(poolNames()).toEqual(pools);
  });

  test('target paths: relative, system directories and ".." are 400 (form and XML), nothing defined', async () => {
    const jobs = await jobIds(stack);
    const pools = poolNames();
    const name = `pw-int path-${id}`;
    made.push(name);
    for (const target of [
      'relative/path',
      '/etc',
      '/etc/pw-pools',
      '/usr/lib/x',
      '/lib64',
      '/',
      `${testDataDir}/../x`,
      '/srv//x',
    ]) {
      // No build or start: should the guard ever regress, the test must not mkdir or chmod
      // a system directory of the machine (a refused define runs nothing either way).
      const form = { name, type: 'dir', target };
      await expectRefused(await api(stack, 'POST', apiPaths.pools(H), form), 400, /target/, jobs);
      const xml = poolXml(name, '', target);
      await expectRefused(
        await api(stack, 'POST', apiPaths.pools(H), { xml }),
        400,
        /target/,
        jobs,
      );
    }
    expect(poolNames()).toEqual(pools);
  });

  test('names a job cannot carry (CR, other controls, lone surrogates): 400 before anything runs', async () => {
    const jobs = await jobIds(stack);
    const pools = poolNames();
    const files = readdirSync(volumes.dir).sort();
    const bad = ['cr\rname.raw', 'bell\u0007.raw', 'esc\u001b[31m.raw', 'lone\ud800.raw'];
    for (const name of bad) {
      const create = await api(stack, 'POST', apiPaths.volumes(H, volumes.name), {
        name,
        capacity: 1024,
      });
      await expectRefused(create, 400, /control character|surrogate/, jobs);
      const clone = await api(stack, 'POST', apiPaths.volumeClone(H, volumes.name, 'src.raw'), {
        name,
      });
      await expectRefused(clone, 400, /control character|surrogate/, jobs);
      const form = {
        name: `pw-int ${name}`,
        type: 'dir',
        target: join(testDataDir, 'pools', `n-${id}`),
      };
      await expectRefused(
        await api(stack, 'POST', apiPaths.pools(H), form),
        400,
        /control character|surrogate/,
        jobs,
      );
    }
    const xml = poolXml(`pw-int cr&#13;-${id}`);
    await expectRefused(
      await api(stack, 'POST', apiPaths.pools(H), { xml }),
      400,
      /control character/,
      jobs,
    );
    for (const name of bad.slice(0, 3)) {
      const path = `${apiPaths.volumeContent(H, volumes.name, name)}?create=1`;
      const res = await fetch(stack.base + path, {
        method: 'PUT',
        headers: { cookie: stack.admin.cookie, 'x-csrf-token': stack.admin.csrf },
        body: Buffer.alloc(1024),
      });
      await expectRefused(
        { status: res.status, body: await res.json() },
        400,
        /control character/,
        jobs,
      );
    }
    expect(poolNames()).toEqual(pools);
    expect(readdirSync(volumes.dir).sort()).toEqual(files);
  });

  test('sizes above 2^53−1 or that JSON would round: 400, never rounded (body and Content-Length)', async () => {
    const jobs = await jobIds(stack);
    const files = readdirSync(volumes.dir).sort();
    for (const size of [
      '9007199254740991.4', // JSON.parse gives 9007199254740991: accepted before the text check
      '9007199254740993',
      '18446744073709551616',
      '1e300',
    ]) {
      const text = `{"name":"big-${id}.raw","capacity":${size}}`;
      await expectRefused(
        await rawPost(apiPaths.volumes(H, volumes.name), text),
        400,
        /2\^53/,
        jobs,
      );
    }
    const alloc = `{"name":"alloc-${id}.raw","capacity":2048,"allocation":1.0000000000000001}`;
    await expectRefused(
      await rawPost(apiPaths.volumes(H, volumes.name), alloc),
      400,
      /2\^53/,
      jobs,
    );
    const upload = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        new URL(`${stack.base}${apiPaths.volumeContent(H, volumes.name, `up-${id}.raw`)}?create=1`),
        {
          method: 'PUT',
          headers: {
            cookie: stack.admin.cookie,
            'x-csrf-token': stack.admin.csrf,
            'content-length': '9007199254740993',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    await expectRefused(upload, 400, /Content-Length must be an exact byte count/, jobs);
    expect(readdirSync(volumes.dir).sort()).toEqual(files);
  });

  describe('pool delete with data', () => {
    const definePool = (what: string, start: boolean) => {
      const name = `pw-int del ${what}-${id}`;
      const dir = join(testDataDir, 'pools', `del-${what}-${id}`);
      made.push(name);
      mkdirSync(dir, { recursive: true });
      virsh('pool-define-as', '--name', name, '--type', 'dir', '--target', dir);
      virsh('pool-start', '--', name);
      for (const vol of ['a.raw', "b'c.raw"])
        virsh('vol-create-as', '--pool', name, '--name', vol, '--capacity', '1M');
      if (!start) virsh('pool-destroy', '--', name);
      return { name, dir };
    };

    test('a stopped dir pool: every volume, the directory and the definition are gone', async () => {
      const pool = definePool('stopped', false);
      expect(virsh('pool-info', '--', pool.name)).toMatch(/State:\s+inactive/);
      const job = await runJob(stack, 'DELETE', `${apiPaths.pool(H, pool.name)}?deleteData=true`);
      expect(job.kind).toBe('pool.delete');
      expect(poolNames()).not.toContain(pool.name);
      expect(existsSync(pool.dir)).toBe(false);
    });

    test('a running pool holding every hostile name: all gone', async () => {
      const pool = definePool('hostile', true);
      // As files (vol-create-as puts the name in XML unescaped), then listed by a refresh.
      for (const vol of hostileVolumeNames(victim.name))
        writeFileSync(join(pool.dir, vol), Buffer.alloc(65536, 7));
      virsh('pool-refresh', '--', pool.name);
      expect(readdirSync(pool.dir).length).toBe(hostileVolumeNames('x').length + 2);
      await runJob(stack, 'DELETE', `${apiPaths.pool(H, pool.name)}?deleteData=true`);
      expect(poolNames()).not.toContain(pool.name);
      expect(existsSync(pool.dir)).toBe(false);
      expect(virsh('pool-dumpxml', '--', victim.name)).toBe(victimXml);
    });

    test('what cannot be removed is named: a non-empty directory volume, a FIFO libvirt skips', async () => {
      const dirCase = definePool('subdir', true);
      mkdirSync(join(dirCase.dir, 'sub dir'));
      writeFileSync(join(dirCase.dir, 'sub dir', 'inside'), 'x');
      virsh('pool-refresh', '--', dirCase.name);
      const first = await submit(
        stack,
        'DELETE',
        `${apiPaths.pool(H, dirCase.name)}?deleteData=true`,
      );
      const failed = await waitJob(stack, first.id);
      expect(failed.state).toBe('failed');
      expect(failed.error?.message).toContain(`could not delete 1 volume`);
      expect(failed.error?.message).toContain(JSON.stringify(join(dirCase.dir, 'sub dir')));
      expect(readdirSync(dirCase.dir)).toEqual(['sub dir']);

      const fifoCase = definePool('fifo', true);
      execFileSync('mkfifo', ['--', join(fifoCase.dir, 'a\nfifo')]);
      const second = await submit(
        stack,
        'DELETE',
        `${apiPaths.pool(H, fifoCase.name)}?deleteData=true`,
      );
      const left = await waitJob(stack, second.id);
      expect(left.state).toBe('failed');
      expect(left.error?.message).toContain(
        `left in ${JSON.stringify(fifoCase.dir)}: ${JSON.stringify('a\nfifo')} (not a file)`,
      );
      expect(readdirSync(fifoCase.dir)).toEqual(['a\nfifo']);
      rmSync(fifoCase.dir, { recursive: true, force: true });
      rmSync(dirCase.dir, { recursive: true, force: true });
    });
  });
});
