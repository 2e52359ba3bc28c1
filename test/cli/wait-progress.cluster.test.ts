/** `hpcq wait` on a real pseudo-terminal (util-linux `script`) draws a live progress line, then the result. */
import { execFile, execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { builtBin } from '../helpers/bin.js';
import { describeCluster, testbed } from '../helpers/cluster.js';
import { ptyLine } from '../helpers/pty.js';
import { useTempConfig } from '../helpers/temp-config.js';

const cfg = useTempConfig('hpcq-cli-progress-');

describeCluster('hpcq wait on a terminal', () => {
  it('shows "waiting for 1 job on slurm" with the elapsed time while the job runs, then its state', async () => {
    const id = execFileSync('sbatch', ['--parsable', '-p', testbed!.partition, '-o', '/dev/null', '--wrap', 'sleep 4'], { encoding: 'utf8' }).trim().split(';')[0]!;
    const command = ptyLine([process.execPath, builtBin('main'), 'wait', '--qtype', 'slurm', id]);
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = execFile('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, HPCQ_CONFIG: cfg.file } }, (_err, stdout) => resolve({ code: child.exitCode, out: stdout }));
      child.stdin?.end();
    });
    expect(code).toBe(0);
    // Redrawn in place: carriage return and erase-line before each line.
    expect(out).toMatch(/\r\x1b\[2Khpcq: waiting for 1 job on slurm: 0 ended, 1 not yet \[\d+s\]/);
    expect(out).toMatch(new RegExp(`${id}\\tcompleted\\r?\\n`));
    // Not the non-terminal line: on a terminal the live line says it.
    expect(out).not.toMatch(/hpcq: waiting for \d+ on slurm\r?\n/);
  });
});
