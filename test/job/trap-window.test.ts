/**
 * No generated job script forks between its wrapper's traps and the fork of its command: a
 * forked subshell there is in the job's process group with the traps inherited, and a
 * group-wide signal landing in it was lost (the race of issue 11's flaky wrapper test). Checked
 * on what bash really does (strace, one trace file per process), for a command job and a
 * command array of every back-end (Grid Engine's guarded dependency included); then the
 * guarded script is hammered with SIGTERM over its whole start-up.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderArray } from '../../src/array/script.js';
import { taskPath } from '../../src/job/files.js';
import { createJobSpec } from '../../src/job/spec.js';
import { renderJob } from '../../src/job/write.js';
import type { ScriptFile } from '../../src/job/script.js';
import { getBackend, QTYPES } from '../../src/schedulers/registry.js';
import type { Qtype } from '../../src/types.js';
import type { Host } from '../../src/util/host.js';
import { hammerSigterm, hammerSummary, hasStrace } from '../helpers/signal-hammer.js';
import { useFileTempConfig } from '../helpers/temp-config.js';

const config = useFileTempConfig('hpcq-trap-window-');
// Only `remote` is read by the renderers.
const host = { name: 'localhost', remote: false } as Host;

/** What each back-end's job sees as its scheduler's job id and first array task. */
function schedulerEnv(): NodeJS.ProcessEnv {
  const first = (q: string): string => String(getBackend(q).ids.first ?? 0);
  return { ...process.env, SLURM_JOB_ID: '11', JOB_ID: '12', PBS_JOBID: '13', HPCQ_LOCAL_TASK: '0', SLURM_ARRAY_TASK_ID: first('slurm'), SGE_TASK_ID: first('sge'), PBS_ARRAYID: first('torque') };
}

/** A finished, successful dependency's status file (so a guard lets the command run). */
function okDependency(dir: string): { id: string; files: { status: string } } {
  const status = join(dir, 'dep.status');
  writeFileSync(status, '# hpcq job status\nstart=1\nexit=0\nend=2\n');
  return { id: '7', files: { status } };
}

function writeAll(files: ScriptFile[]): string {
  for (const f of files) writeFileSync(f.path, f.text, { mode: f.mode });
  // Rendered submission script last.
  return files[files.length - 1]!.path;
}

/** A command job (guarded where the back-end guards) and a command array of `qtype`, written to `dir`; the array's one task has index 0. */
function scripts(qtype: Qtype, dir: string, command: string): { kind: string; submit: string; status: string }[] {
  const common = { qtype, filedir: dir, dir, depends: { afterok: [okDependency(dir)] } };
  const job = createJobSpec(command, { ...common, name: 'single' });
  const arraySpec = createJobSpec(command, { qtype, filedir: dir, dir, name: 'many' });
  const array = renderArray({ spec: arraySpec, tasks: 1, chunk: 1, payload: { kind: 'commands', lines: [command] } }, host);
  return [
    { kind: 'job', submit: writeAll(renderJob(job, host)), status: job.files.status },
    { kind: 'array', submit: writeAll(array), status: taskPath(arraySpec.files.status, '0') },
  ];
}

/** Forks the wrapper made after its last trap was set and before its command's subshell. */
function forksInTrapWindow(trace: string): string[] {
  const lines = trace.split('\n');
  const trapped = lines.findIndex((l) => /^rt_sigaction\(SIGUSR2, \{sa_handler=0x/.test(l));
  if (trapped < 0) throw new Error(`no trap install in the wrapper's trace:\n${trace}`);
  const forks: string[] = [];
  for (const line of lines.slice(trapped)) {
    const fork = /^(?:clone3?|v?fork)\(.*= (\d+)$/.exec(line);
    if (!fork) continue;
    // The command's subshell is the child that job control puts in its own process group.
    if (lines.some((l) => l.startsWith(`setpgid(${fork[1]}, ${fork[1]})`))) return forks;
    forks.push(line);
  }
  throw new Error(`the wrapper never forked its command:\n${trace}`);
}

describe.skipIf(!hasStrace())('the window between the traps and the command', () => {
  for (const qtype of QTYPES) {
    it(`holds no fork in ${qtype} scripts (job and array)`, () => {
      const dir = join(config.dir, `forks-${qtype}`);
      mkdirSync(dir, { recursive: true });
      for (const s of scripts(qtype, dir, 'touch ran')) {
        const prefix = join(dir, `trace-${s.kind}`);
        execFileSync('strace', ['-ff', '-o', prefix, '-e', 'trace=clone,clone3,fork,vfork,setpgid,rt_sigaction', 'bash', s.submit], { cwd: dir, env: schedulerEnv(), stdio: 'ignore' });
        const status = readFileSync(s.status, 'utf8');
        // The command ran (the guard let it), so the trace covers the whole window.
        expect(status, `${qtype} ${s.kind}`).toMatch(/^exit=0$/m);
        const pid = /^pid=(\d+)$/m.exec(status)![1]!;
        expect(forksInTrapWindow(readFileSync(`${prefix}.${pid}`, 'utf8')), `${qtype} ${s.kind}`).toEqual([]);
        for (const f of readdirSync(dir).filter((n) => n.startsWith(`trace-${s.kind}.`))) rmSync(join(dir, f));
        rmSync(join(dir, 'ran'), { force: true });
      }
    }, 60_000);
  }
});

it('ends every run of a guarded Grid Engine job and its status file, however early SIGTERM comes', async () => {
  const dir = join(config.dir, 'hammer');
  mkdirSync(dir, { recursive: true });
  const mark = `32.${process.pid}`;
  const job = scripts('sge', dir, `touch ran; sleep ${mark}`)[0]!;
  expect(readFileSync(job.submit, 'utf8')).toContain('Dependency guard');
  const r = await hammerSigterm({ script: job.submit, dir, status: job.status, ranFile: join(dir, 'ran'), mark, env: schedulerEnv() });
  process.stdout.write(hammerSummary('guard-signal', r));
  expect(r.problems).toEqual([]);
  expect(r.tally.noStatus + r.tally.beforeCommand).toBeGreaterThan(0);
  expect(r.tally.duringCommand).toBeGreaterThan(0);
}, 300_000);
