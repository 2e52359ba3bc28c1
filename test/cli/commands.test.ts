/** The built `hpcq` as a user meets it: help, version, did-you-mean, exit codes, submit, wait, cancel, profiles. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtBin, runBin } from '../helpers/bin.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-cmds-');
const hpcq = (...args: string[]) => runBin('main', args, { cwd: cfg.dir, env: { HPCQ_CONFIG: cfg.file } });
const COMMANDS = ['submit', 'queue', 'wait', 'cancel', 'clean', 'profile', 'options', 'explain', 'config'];

describe('help, version and mistakes', () => {
  it('every command has --help (exit 0), and --version prints the package version', async () => {
    for (const cmd of COMMANDS) {
      const r = await hpcq(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.out).toContain(`Usage: hpcq ${cmd}`);
    }
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect((await hpcq('--version')).out).toBe(`${pkg.version}\n`);
    expect((await hpcq('--help')).out).toMatch(/Exit codes: 0 done.*\n2 usage error/);
  });

  it('suggests the command and the flag meant, each once, with one prefix and exit 2', async () => {
    const cmd = await hpcq('sumbit', 'true');
    expect([cmd.code, cmd.err.split('\n')[0]]).toEqual([2, "hpcq: unknown command 'sumbit' (did you mean 'submit'?)"]);
    const flags = await hpcq('submit', '--qtype', 'local', '--cors', '2', '--cors', '3', '--tme', '1h', 'true');
    expect(flags.code).toBe(2);
    expect(flags.err.match(/unknown flag --cors \(did you mean --cores\?\)/g)).toHaveLength(1);
    expect(flags.err).toContain('unknown flag --tme (did you mean --time?)');
    expect(flags.err).not.toMatch(/cpus|qos/);
    for (const r of [cmd, flags, await hpcq('wait', '--timeout', 'abc', '1'), await hpcq('queue', '--bogus')]) {
      expect(r.err).toMatch(/^hpcq: /);
      expect(r.err).not.toMatch(/hpcq: hpcq/);
    }
  });

  it('hpcq wait --timeout abc is a usage error, not a wait', async () => {
    const r = await hpcq('wait', '--qtype', 'local', '--timeout', 'abc', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--timeout takes a number of seconds greater than 0, not 'abc'/);
  });
});

describe('submit', () => {
  it('a table boolean takes no value: --kill-on-invalid-dep echo hi runs echo hi', async () => {
    const r = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--kill-on-invalid-dep', '--wait', 'echo', 'hi');
    expect(r.err).not.toMatch(/invalid/i);
    expect(r.out).toBe('hi\n');
    expect(r.code).toBe(0);
  });

  it('--qtype local prints the id at once, says it stays for the local job, and the job finishes', async () => {
    const child = execFile(process.execPath, [builtBin('main'), 'submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'later', 'sh', '-c', 'sleep 1; echo done'], { env: { ...process.env, HPCQ_CONFIG: cfg.file } });
    const firstOut = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(String(d))));
    // The id is out while the job still runs.
    expect(firstOut).toMatch(/^\S+\tlater\tlocal\n$/);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(err).toMatch(/runs inside this process; waiting for it to end/);
    expect(err).toMatch(/local job \S+ completed/);
    expect(readFileSync(join(cfg.dir, 'later.cluster.out'), 'utf8')).toBe('done\n');
  });

  it('--qtype local --depends on an ended job of another process: afterok runs after a completed one, a failed one dooms it', async () => {
    const parent = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'parent', 'echo parent');
    expect(parent.code).toBe(0);
    const id = parent.out.split('\t')[0]!;
    const child = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'child', '--depends', `afterok:${id}`, 'echo child');
    expect(child.code).toBe(0);
    // Ids are unique across processes: the child is not numbered like its parent.
    const childId = child.out.split('\t')[0]!;
    expect(childId).not.toBe(id);
    expect(readFileSync(join(cfg.dir, 'child.cluster.out'), 'utf8')).toBe('child\n');
    const failed = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'broken', 'exit 4');
    const failedId = failed.out.split('\t')[0]!;
    const doomed = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'doomed', '--depends', `afterok:${failedId}`, 'echo never');
    expect(doomed.err).toMatch(/cancelled \(dependency_never_satisfied\)/);
    expect(existsSync(join(cfg.dir, 'doomed.cluster.out')) ? readFileSync(join(cfg.dir, 'doomed.cluster.out'), 'utf8') : '').toBe('');
    const rescue = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'rescue', '--depends', `afternotok:${failedId}`, 'echo rescue');
    expect(rescue.code).toBe(0);
    expect(readFileSync(join(cfg.dir, 'rescue.cluster.out'), 'utf8')).toBe('rescue\n');
  });

  it('--qtype local --depends on an id no process ran says so, shows no empty command line, submits nothing', async () => {
    const before = readdirSync(cfg.dir).sort();
    const r = await hpcq('submit', '--qtype', 'local', '--filedir', cfg.dir, '--name', 'orphan', '--depends', 'afterok:987654321', 'true');
    expect(r.code).toBe(3);
    expect(r.err).toContain('Unknown dependency: The local runner does not know job 987654321; nothing was submitted');
    expect(r.err).toContain("nor an ended one in the filedir's ledger");
    expect(r.err).not.toMatch(/command:|exit code:/);
    expect(readdirSync(cfg.dir).sort()).toEqual(before);
  });
});

describe('wait and cancel', () => {
  it('hpcq wait says what it waits for; an unknown id is reported, exit 1', async () => {
    const r = await hpcq('wait', '--qtype', 'local', '424242');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^hpcq: waiting for 424242 on local\n/);
    expect(r.err).toMatch(/hpcq: 424242: No local job with id '424242'/);
  });

  it('hpcq cancel of an unknown id says so, exit 1', async () => {
    const r = await hpcq('cancel', '--qtype', 'local', '424242');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not cancelled 424242: no job 424242 in the local queue/);
  });
});

describe('profiles', () => {
  it('show with no name lists every profile as written (4h, 32G), default included', async () => {
    expect((await hpcq('profile', 'set', 'gpu', 'time=4h', 'mem=32G', 'cpus=4')).code).toBe(0);
    const r = await hpcq('profile', 'show');
    expect(r.code).toBe(0);
    expect(r.out).toBe('[default]\nnodes = 1\ncores = 1\ntime = 02:00:00\n\n[gpu]\ntime = 4h\nmem = 32G\ncores = 4\n');
    expect(JSON.parse((await hpcq('profile', 'show', 'gpu', '--json')).out)).toEqual({ time: '4h', mem: '32G', cores: '4' });
  });

  it('set keeps comments and unknown lines, and refuses a section holding a line it cannot read', async () => {
    const text = '# site config\n[prof_gpu]\n; per node\nmem = 4G\n[other]\nowner = me\n';
    writeFileSync(cfg.file, text);
    expect((await hpcq('profile', 'set', 'gpu', 'mem=8G')).code).toBe(0);
    expect(readFileSync(cfg.file, 'utf8')).toBe(text.replace('mem = 4G', 'mem = 8G'));
    writeFileSync(cfg.file, '[prof_gpu]\ncores 4\n');
    const refused = await hpcq('profile', 'set', 'gpu', 'mem=8G');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/line 2 \('cores 4'\) in \[prof_gpu\] is not 'key = value'/);
    expect(readFileSync(cfg.file, 'utf8')).toBe('[prof_gpu]\ncores 4\n');
  });

  it('delete of an unknown profile says so, exit 1; a bad value is a usage error naming the option', async () => {
    const r = await hpcq('profile', 'delete', 'nope');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^hpcq: No profile 'nope' in /);
    const bad = await hpcq('profile', 'set', 'x', 'mem=lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/mem: 'lots' is not a memory size/);
  });
});

describe('config', () => {
  it('shows the path, each setting with its source, and never writes the file', async () => {
    const text = '# mine\n[queue]\nqueue_update = 5\n';
    writeFileSync(cfg.file, text);
    const r = await hpcq('config');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`config: ${cfg.file}\n`);
    expect(r.out).toMatch(/^queue_update = 5 +# file: Seconds between queue polls\.$/m);
    expect(r.out).toMatch(/^max_jobs = 1000 +# default: /m);
    expect(r.out).toMatch(/^time = 02:00:00 +# default$/m);
    expect(r.out).not.toMatch(/clean_files|clean_outputs/);
    const json = JSON.parse((await hpcq('config', '--json')).out) as { exists: boolean; settings: { key: string; source: string }[] };
    expect(json.exists).toBe(true);
    expect(json.settings.find((s) => s.key === 'queue_update')!.source).toBe('file');
    expect(readFileSync(cfg.file, 'utf8')).toBe(text);
  });
});

describe('explain', () => {
  it('prints the Slurm scripts submit would write, and writes and submits nothing', async () => {
    const before = readdirSync(cfg.dir);
    const r = await hpcq('explain', '--qtype', 'slurm', '--cpus', '2', '--mem', '4G', '--exclusive', 'echo', 'hi');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# ==> .*\/echo\.cluster\.sbatch <==\n#!\/bin\/bash\n/);
    expect(r.out).toContain('#SBATCH --cpus-per-task=2\n');
    expect(r.out).toContain('#SBATCH --mem=4096M\n');
    expect(r.out).toContain('#SBATCH --exclusive\n');
    expect(r.out).toContain('echo.cluster.script <==');
    expect(readdirSync(cfg.dir)).toEqual(before);
  });
});
