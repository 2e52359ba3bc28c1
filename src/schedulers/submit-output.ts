/**
 * parseSubmitOutput: the job id in what sbatch or qsub printed on a successful submission.
 */
import { ParseError } from '../errors.js';

/** sbatch: `Submitted batch job N`, `... on cluster X`, `--parsable`'s `N` or `N;cluster`. */
function slurmId(lines: string[]): string | undefined {
  for (const line of lines) {
    const m = /Submitted batch job (\d+)/.exec(line);
    if (m) return m[1];
  }
  for (const line of lines) {
    const m = /^(\d+)(?:;\S*)?$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** qsub: `N.server`, an array `N[].server`, or a bare `N`. */
function pbsId(lines: string[]): string | undefined {
  return lines.find((line) => /^\d+(\[\d*\])?(\.\S+)?$/.test(line));
}

/**
 * The job id from submit output. Blank lines and noise (an ssh banner, warnings) around
 * the id are skipped. Throws ParseError carrying the text when no id is found.
 */
export function parseSubmitOutput(qtype: 'slurm' | 'torque', text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const id = qtype === 'slurm' ? slurmId(lines) : pbsId(lines);
  if (id === undefined) throw new ParseError(`No job id in ${qtype === 'slurm' ? 'sbatch' : 'qsub'} output`, text);
  return id;
}
