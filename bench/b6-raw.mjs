// B6's baselines: an array of a trivial script submitted with the scheduler's own command and
// waited for the way a careful shell script would, polling the accounting every 250 ms until
// every task has ended. hpcq is not involved.
import { run, now, since, sleep } from './testbed.mjs';

const POLL_MS = 250;
const ENDED = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE)/;

/** Tasks of Slurm array `id` that sacct shows ended (a pending range `id_[5-999]` counts as none). */
function slurmEnded(id) {
  const out = run(['sacct', '-X', '-n', '-P', '-j', id, '-o', 'JobID,State']);
  return out.split('\n').filter((l) => /^\d+_\d+\|/.test(l) && ENDED.test(l.split('|')[1])).length;
}

/** `sbatch --array=0-(count-1)` of `script`, then sacct until all `count` tasks ended. */
export async function rawArray(script, count, { mem, time }) {
  const t0 = now();
  const id = run(['sbatch', '--parsable', `--array=0-${count - 1}`, `--mem=${mem}`, `--time=${time.replace('m', '')}`, '--output=/dev/null', script]).trim().split(';')[0];
  const submitted = since(t0);
  let polls = 0;
  for (;;) {
    polls++;
    if (slurmEnded(id) >= count) break;
    await sleep(POLL_MS);
  }
  return { wall: since(t0), submitted, polls };
}

/** Grid Engine: `qsub -t 1-count` of `script` (from `bin`), then qstat until no task is left and qacct has them all. */
export async function rawSgeArray(bin, script, count, { mem }) {
  const t0 = now();
  const out = run([`${bin}/qsub`, '-terse', '-t', `1-${count}`, '-l', `h_vmem=${mem}M`, '-o', '/dev/null', '-e', '/dev/null', '-cwd', script]);
  const id = out.trim().split('.')[0];
  const submitted = since(t0);
  let polls = 0;
  for (;;) {
    polls++;
    const live = run([`${bin}/qstat`, '-u', '*']).split('\n').filter((l) => l.trim().startsWith(`${id} `)).length;
    if (live === 0) break;
    await sleep(POLL_MS);
  }
  return { wall: since(t0), submitted, polls, id };
}
