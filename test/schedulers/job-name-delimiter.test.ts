// A user's job name may contain the very delimiter hpcq asks squeue and sacct for (`|`):
// the state column must not shift. Recorded on the testbed (Slurm 22.05.8) for `sbatch -J 'a|b c'`,
// and checked live there too.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, parseSacct, parseScontrol, parseSqueue } from '../../src/schedulers/index.js';
import { describeCluster } from '../helpers/cluster.js';
import { createSbatch, until } from '../helpers/slurm-jobs.js';

// `squeue --states=all --format=<hpcq's>` and `sacct --parsable2` / `--parsable` as hpcq runs them.
const SQUEUE = `JOBID|NAME|USER|PARTITION|STATE|REASON|NODELIST|NODES|CPUS|SUBMIT_TIME|START_TIME|END_TIME
371|a|b c|root|debug|FAILED|NonZeroExitCode|vm|1|1|2026-11-21T11:52:38|2026-11-21T11:52:38|2026-11-21T11:52:38
`;
const SACCT_P2 = `JobID|JobName|User|Partition|State|ExitCode|Reason|NodeList|NNodes|AllocCPUS|Submit|Start|End
371|a|b c|root|debug|FAILED|3:0|None|vm|1|1|2026-11-21T11:52:38|2026-11-21T11:52:38|2026-11-21T11:52:38
371.batch|batch|||FAILED|3:0||vm|1|1|2026-11-21T11:52:38|2026-11-21T11:52:38|2026-11-21T11:52:38
`;
const SACCT_P = `JobID|JobName|State|ExitCode|
371|a|b c|FAILED|3:0|
371.batch|batch|FAILED|3:0|
`;

describe('a job name holding the delimiter', () => {
  it('squeue', () => {
    expect(parseSqueue(SQUEUE)).toMatchObject([{ id: '371', name: 'a|b c', user: 'root', partition: 'debug', state: 'failed', exitCode: null }]);
  });
  it.each([
    ['--parsable2', SACCT_P2],
    ['--parsable', SACCT_P],
  ])('sacct %s', (_flag, text) => {
    expect(parseSacct(text)).toMatchObject([{ id: '371', name: 'a|b c', state: 'failed', reason: 'nonzero_exit', exitCode: 3 }]);
  });
});

const { sbatch, cancelAll } = createSbatch('unused');

describeCluster('job names with the delimiter on the testbed', () => {
  afterAll(() => cancelAll());

  it('squeue and sacct rows of a job named "x|y z" parse with the right state', async () => {
    // createSbatch sets -J; a later -J wins.
    const id = sbatch('exit 4', '-J', 'x|y z');
    const backend = getBackend('slurm');
    const run = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    let history = backend.parseHistory!(run(backend.historyCommand!([id])));
    await until(() => {
      history = backend.parseHistory!(run(backend.historyCommand!([id])));
      // Accounting first lists a new job as `allocation`, then under its name.
      return history[0]?.state === 'failed' && history[0].name !== 'allocation';
    }, 30_000);
    expect(history).toMatchObject([{ id, name: 'x|y z', state: 'failed', exitCode: 4 }]);
    const queue = backend.parseQueue(run(backend.queueCommand({ ids: [id] })));
    expect(queue.every((r) => r.id === id && r.name === 'x|y z')).toBe(true);
  });
});

describe('a job name holding a newline', () => {
  // `sbatch -J $'nl\nname'` on the testbed, then hpcq's squeue format: the row spans two lines.
  const text = `JOBID|NAME|USER|PARTITION|STATE|REASON|NODELIST|NODES|CPUS|SUBMIT_TIME|START_TIME|END_TIME
420|nl
name|root|debug|RUNNING|None|vm|1|1|2026-11-21T11:56:39|2026-11-21T11:56:39|NONE
`;
  it('keeps the row whole', () => {
    expect(parseSqueue(text)).toMatchObject([{ id: '420', name: 'nl\nname', user: 'root', state: 'running' }]);
  });
});

describe('a job name holding scontrol keys', () => {
  // `sbatch -J 'evil JobState=COMPLETED ExitCode=0:0' --wrap 'sleep 20'`, then `scontrol show job -o` while it ran.
  const text = `JobId=659 JobName=evil JobState=COMPLETED ExitCode=0:0 UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901417 Nice=0 Account=root QOS=normal JobState=RUNNING Reason=None Dependency=(null) Requeue=0 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:01 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-11-21T12:00:08 EligibleTime=2026-11-21T12:00:08 AccrueTime=2026-11-21T12:00:08 StartTime=2026-11-21T12:00:08 EndTime=Unknown Deadline=N/A SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-11-21T12:00:08 Scheduler=Main Partition=debug AllocNode:Sid=localhost:29985 ReqNodeList=(null) ExcNodeList=(null) NodeList=vm BatchHost=vm NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:* TRES=cpu=1,mem=512M,node=1,billing=1 Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=* MinCPUsNode=1 MinMemoryCPU=512M MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null) Command=(null) WorkDir=/tmp/jn StdErr=/dev/null StdIn=/dev/null StdOut=/dev/null Power= 
`;
  it('reads the real state, not the one in the name', () => {
    expect(parseScontrol(text)).toMatchObject([{ id: '659', name: 'evil JobState=COMPLETED ExitCode=0:0', user: 'root', state: 'running' }]);
  });
  it('in the multi-line form too', () => {
    const multi = text.replace(' UserId=', '\n   UserId=').replace(' Priority=', '\n   Priority=');
    expect(parseScontrol(multi)).toMatchObject([{ id: '659', state: 'running', exitCode: null }]);
  });
});
