import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * job-control.sh's cgroup v2 writer against a fake sysfs tree (this kernel is v1, whose
 * writer the integration test job-pause.int.test.ts drives for real): which files get which
 * lines. The agent's helpers it relies on are defined here as agent.sh defines them.
 */
const script = ['job-control.sh', 'agent-libvirt.sh']
  .map((file) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8'))
  .join('\n');
const AGENT_HELPERS = `
say() { printf '%s\\n' "$*"; }
field() { IFS= read -r -d '' "$1"; }
number() { case $1 in ''|*[!0-9]*) return 1;; esac; }
slurp() { local v=; { IFS= read -r v < "$1"; } 2>/dev/null; printf '%s' "$v"; }
start_time() { local -a st; { read -r -a st < "/proc/$1/stat"; } 2>/dev/null && printf '%s' "\${st[21]}"; }
`;
const base = mkdtempSync(join(tmpdir(), 'pw-job-control-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ID = '0123abcd-0000';

function tree(kind: 'v2' | 'v1' | 'none') {
  const root = mkdtempSync(join(base, `${kind}-`));
  const cg = join(root, 'cgroup');
  const state = join(root, 'jobs');
  mkdirSync(join(state, ID), { recursive: true });
  mkdirSync(cg);
  if (kind === 'v2') writeFileSync(join(cg, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  if (kind === 'v1') {
    mkdirSync(join(cg, 'blkio'));
    mkdirSync(join(cg, 'freezer'));
  }
  // The disks file is written by each test as cg_prepare would have found them.
  return { cg, state, dir: join(state, ID) };
}

/** The process state letter (field 3 of /proc/<pid>/stat; comm `sleep` has no spaces). */
const stateOf = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2];

function agent(t: { cg: string; state: string }, commands: string, stdin = '') {
  const text = `${script}\n${AGENT_HELPERS}\nROOT=${JSON.stringify(t.state)}\n${commands}`;
  const run = spawnSync('bash', ['-c', text], {
    input: stdin,
    env: { ...process.env, POOLWATCH_CGROUP_ROOT: t.cg },
    encoding: 'utf8',
  });
  return run.stdout.trim().split('\n');
}

describe('job-control.sh, cgroup v2 writer (fake sysfs)', () => {
  it('puts the job in poolwatch/<id> with io enabled down the tree, limits by io.max', () => {
    const t = tree('v2');
    agent(t, `cg_prepare ${ID}`);
    const group = join(t.cg, 'poolwatch', ID);
    expect(readFileSync(join(t.dir, 'cgroups'), 'utf8')).toBe(`${group}\n`);
    expect(readFileSync(join(t.cg, 'cgroup.subtree_control'), 'utf8')).toBe('+io\n');
    expect(readFileSync(join(t.cg, 'poolwatch', 'cgroup.subtree_control'), 'utf8')).toBe('+io\n');
    writeFileSync(join(t.dir, 'disks'), '254:0\n7:3\n');
    const out = agent(t, `control_job limit ${ID}`, '52428800\0');
    expect(out).toEqual([`C ${ID} limit ok cgroup v2 io.max on 254:0 7:3`]);
    // One write per disk: the fake file keeps the last; the real io.max keeps one line each.
    expect(readFileSync(join(group, 'io.max'), 'utf8')).toBe('7:3 rbps=52428800 wbps=52428800\n');
    agent(t, `control_job limit ${ID}`, 'none\0');
    expect(readFileSync(join(group, 'io.max'), 'utf8')).toBe('7:3 rbps=max wbps=max\n');
  });

  it('pauses and resumes by cgroup.freeze, and marks the job paused', () => {
    const t = tree('v2');
    agent(t, `cg_prepare ${ID}`);
    const group = join(t.cg, 'poolwatch', ID);
    expect(agent(t, `control_job pause ${ID}`)).toEqual([
      `C ${ID} pause ok cgroup v2 cgroup.freeze`,
    ]);
    expect(readFileSync(join(group, 'cgroup.freeze'), 'utf8')).toBe('1\n');
    expect(existsSync(join(t.dir, 'paused'))).toBe(true);
    expect(agent(t, `control_job resume ${ID}`)).toEqual([
      `C ${ID} resume ok cgroup v2 cgroup.freeze`,
    ]);
    expect(readFileSync(join(group, 'cgroup.freeze'), 'utf8')).toBe('0\n');
    expect(existsSync(join(t.dir, 'paused'))).toBe(false);
  });

  it('applies a limit sent before start, and refuses the start when no disk can be limited', () => {
    const t = tree('v2');
    // Not a block device anywhere: /dev/null's file system is devtmpfs.
    // Before start there is no state directory: the agent keeps the limit for cg_prepare.
    rmSync(t.dir, { recursive: true });
    const start = `control_job limit ${ID}; mkdir "$ROOT/${ID}"; cg_prepare ${ID} /dev/null`;
    const out = agent(t, `${start}; echo rc=$?`, '1048576\0');
    expect(out[0]).toMatch(
      new RegExp(`^E ${ID} the bandwidth limit cannot be enforced: .*no block device`),
    );
    expect(out.at(-1)).toBe('rc=1');
  });

  it('without any freezer: SIGSTOP/SIGCONT of the job process group', async () => {
    const t = tree('none');
    // A process group of the test's own: a sleep in its own session (pgid = its pid).
    const child = spawnSync(
      'bash',
      ['-c', "setsid bash -c 'echo $$; exec sleep 30 >/dev/null 2>&1' </dev/null & sleep 0.3"],
      { encoding: 'utf8' },
    );
    const pgid = child.stdout.trim();
    writeFileSync(join(t.dir, 'pgid'), `${pgid}\n`);
    try {
      expect(agent(t, `control_job pause ${ID}`)).toEqual([
        `C ${ID} pause ok SIGSTOP/SIGCONT of the job's process group`,
      ]);
      await vi.waitFor(() => expect(stateOf(pgid)).toBe('T'), { timeout: 15_000 });
      agent(t, `control_job resume ${ID}`);
      await vi.waitFor(() => expect(stateOf(pgid)).toBe('S'), { timeout: 15_000 });
    } finally {
      process.kill(-Number(pgid), 'SIGKILL');
    }
  });
});

describe('job-control.sh, a libvirt call (fake v1 sysfs, a real process as the child)', () => {
  it('keeps the virsh client out, holds the child once found, pauses only the held child', async () => {
    const t = tree('v1');
    writeFileSync(join(t.dir, 'child-comm'), 'sleep\n');
    const target = join(t.dir, 'target.img');
    writeFileSync(join(t.dir, 'target'), `${target}\n`);
    agent(t, `cg_prepare ${ID}`);
    const groups = ['freezer', 'blkio'].map((c) => join(t.cg, c, 'poolwatch', ID));
    // The wrapper (and so virsh) joins nothing; the groups are the child's.
    expect(readFileSync(join(t.dir, 'cgroups'), 'utf8')).toBe('');
    expect(readFileSync(join(t.dir, 'child-cgroups'), 'utf8')).toBe(groups.join('\n') + '\n');
    expect(agent(t, `control_job pause ${ID}`)[0]).toMatch(
      new RegExp(`^C ${ID} pause no libvirt's sleep is not in the job's cgroup`),
    );
    // The stand-in child: a process with an fd open on the target (buffered, no O_DIRECT).
    const child = spawnSync(
      'bash',
      ['-c', `sleep 30 3>>${JSON.stringify(target)} </dev/null >/dev/null 2>&1 & echo $!`],
      { encoding: 'utf8' },
    );
    const pid = child.stdout.trim();
    try {
      await vi.waitFor(() => expect(existsSync(`/proc/${pid}/fd/3`)).toBe(true));
      const startOf = (p: string) => readFileSync(`/proc/${p}/stat`, 'utf8').split(' ')[21];
      writeFileSync(join(t.dir, 'child'), `${pid}\n`);
      writeFileSync(join(t.dir, 'childstart'), `${startOf(pid)}\n`);
      const hold = `cg_hold_child ${ID} ${pid} && cg_child_hold ${ID} ${pid}`;
      expect(agent(t, hold)).toEqual(['1 1 0']);
      for (const g of groups)
        expect(readFileSync(join(g, 'cgroup.procs'), 'utf8')).toBe(`${pid}\n`);
      expect(agent(t, `control_job pause ${ID}`)).toEqual([`C ${ID} pause ok cgroup v1 freezer`]);
      expect(readFileSync(join(groups[0]!, 'freezer.state'), 'utf8')).toBe('FROZEN\n');
    } finally {
      process.kill(Number(pid), 'SIGKILL');
    }
  });
});
