/**
 * The first hour, as a new user lives it, with the BUILT binaries in a temp folder: submit a
 * command and a dependent one, watch `hpcq run` stream on a real pseudo-terminal (`script`),
 * `hpcq wait` with its progress line, `hpcq queue --json`, `hpcq report --out FILE` (the page's
 * jobs counted here; test/report/report.chromium.test.ts renders it in Chromium), then
 * `clean_job_files -d DIR -n` (over the alias too, with --remote).
 * On the local pool, on the testbed's Slurm, and on Slurm over SSH through an ssh config alias.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { onPty as ptyRun, printed, startOnPty } from '../helpers/pty.js';

/** Run the built `hpcq ...` on a pseudo-terminal in `cwd`; resolves with what the terminal showed. */
const onPty = (args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; screen: string }> => ptyRun(args, { cwd, env });

interface Place {
  name: string;
  qtype: 'local' | 'slurm';
  /** Extra flags for scheduler-facing commands (--remote alias); none on the testbed, as in the README. */
  target: () => string[];
}

function journey(place: Place): void {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `hpcq-journey-${place.name}-`));
    env = { HPCQ_CONFIG: join(dir, 'config.ini') };
    if (place.name === 'ssh alias') {
      const tb = testbed!;
      writeFileSync(join(dir, 'ssh_config'), `Host login\n  HostName ${tb.host}\n  Port ${tb.port}\n  User ${tb.user}\n  IdentityFile ${tb.keyPath}\n  UserKnownHostsFile ${tb.knownHostsFile}\n`);
      env.HPCQ_SSH_CONFIG = join(dir, 'ssh_config');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const hpcq = (args: string[]) => runBin('main', args, { cwd: dir, env });
  const sched = (): string[] => ['--qtype', place.qtype, ...place.target()];
  const batch = place.qtype !== 'local';

  // Local jobs live in the process that submitted them: a later hpcq process cannot depend on them.
  it.skipIf(!batch)('submits a command and a dependent command, waits with a progress line, lists them as JSON', async () => {
    // The first job holds until the progress line was seen, so the wait has something to show.
    const go = join(dir, 'go');
    const first = await hpcq(['submit', ...sched(), '--filedir', dir, '--name', 'first', 'sh', '-c', 'while [ ! -e "$1" ]; do sleep 0.2; done; echo first', 'sh', go]);
    expect(first.code).toBe(0);
    const id = first.out.split('\t')[0]!;
    const second = await hpcq(['submit', ...sched(), '--filedir', dir, '--name', 'second', '--depends', `afterok:${id}`, 'echo second']);
    expect(second.code).toBe(0);
    const id2 = second.out.split('\t')[0]!;
    const queued = await hpcq(['queue', ...sched(), '--json']);
    const ids = (JSON.parse(queued.out) as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([id, id2]));
    const wait = startOnPty(['wait', ...sched(), id, id2], { cwd: dir, env });
    await printed(wait.screen, /hpcq: waiting for 2 jobs on slurm: \d ended, \d not yet \[\d+s\]/);
    writeFileSync(go, '');
    expect(await wait.closed).toBe(0);
    expect(wait.screen()).toMatch(new RegExp(`${id2}\\tcompleted`));
  }, 180_000);

  it('hpcq run streams the output on a terminal and exits with the exit code', async () => {
    const r = await onPty(['run', ...sched(), '--filedir', dir, 'sh', '-c', 'echo streamed; sleep 1; echo done >&2; exit 7'], dir, env);
    expect(r.code).toBe(7);
    expect(r.screen).toMatch(/streamed\r?\n[\s\S]*done/);
  }, 120_000);

  it('hpcq report --out FILE writes the page of the filedir: one bar per job, the dependency, the failure', async () => {
    const out = join(dir, 'out', 'journey-report.html');
    const r = await hpcq(['report', '--dir', dir, '--out', out, ...place.target()]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${out}\n`);
    const html = readFileSync(out, 'utf8');
    // Batch places: first, second (afterok on first) and the run's job; local: the run's job.
    const jobs = batch ? 3 : 1;
    expect(html).toContain(`aria-label="Timeline of ${jobs} jobs"`);
    expect(html.match(/<g class="bar /g)).toHaveLength(jobs);
    expect(html.match(/data-outcome="failed"/g)).toHaveLength(1);
    expect(html.match(/<path class="edge kind-afterok"/g) ?? []).toHaveLength(batch ? 1 : 0);
  }, 60_000);

  it('clean_job_files -d DIR -n deletes the job files and keeps the user files', async () => {
    writeFileSync(join(dir, 'mine.txt'), 'keep');
    const r = await runBin('clean-job-files', ['-d', dir, '-n', ...place.target()], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Deleted \d+ files/);
    expect(readdirSync(dir).filter((f) => f.includes('.cluster'))).toEqual([]);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['mine.txt', 'out']));
  }, 60_000);
}

describe('journey: local pool', () => journey({ name: 'local', qtype: 'local', target: () => [] }));
describeCluster('journey: Slurm testbed', () => journey({ name: 'slurm', qtype: 'slurm', target: () => [] }));
describeCluster('journey: Slurm over SSH through an ssh config alias', () => journey({ name: 'ssh alias', qtype: 'slurm', target: () => ['--remote', 'ssh://login'] }));
