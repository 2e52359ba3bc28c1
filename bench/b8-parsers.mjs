// B8: parser speed and linearity. Each parser reads 1 MB and 4 MB of recorded output (the
// project's fixtures, rows repeated with fresh job ids) and of hostile text (a long run of
// spaces, of delimiters, of blank lines: the inputs that were quadratic). Prints ms per MB
// at both sizes and their ratio: 1.0 is linear, 4.0 would be quadratic. Target < 100 ms/MB.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQstat, parseSacct, parseScontrol, parseSqueue, parseSubmitOutput } from '../dist/schedulers/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const read = (path) => readFileSync(join(fixtures, path), 'utf8');
const MB = 1024 * 1024;

/** Header lines kept once, then the body repeated with job ids shifted until `bytes` long. */
function grow(text, bytes, headerLines) {
  const lines = text.trimEnd().split('\n');
  const head = lines.slice(0, headerLines).join('\n');
  const body = lines.slice(headerLines).join('\n');
  const parts = [head];
  let size = head.length;
  for (let copy = 0; size < bytes; copy++) {
    // 1xx → (1000 + copy)xx: every copy names other jobs, as a real long listing does.
    const piece = body.replace(/\b1(\d\d)\b/g, (_, d) => `${1000 + copy}${d}`);
    parts.push(piece);
    size += piece.length + 1;
  }
  return parts.join('\n');
}

/** One long line of `unit` behind a header: what a stray run of spaces or pipes looks like. */
const hostile = (head, unit) => (bytes) => `${head}\n1|RUNNING${unit.repeat(Math.ceil(bytes / unit.length))}x\n`;

const CASES = [
  ['parseSqueue (hpcq format)', parseSqueue, (b) => grow(read('slurm/testbed-squeue-hpcq-format-live.txt'), b, 1)],
  ['parseSqueue (default layout)', parseSqueue, (b) => grow(read('slurm/testbed-squeue-default-live.txt'), b, 1)],
  ['parseSacct (--parsable2)', parseSacct, (b) => grow(read('slurm/testbed-sacct-P-all-states.txt'), b, 1)],
  ['parseSacct (aligned)', parseSacct, (b) => grow(read('slurm/testbed-sacct-aligned-all-states.txt'), b, 2)],
  ['parseScontrol (multi-line)', parseScontrol, (b) => grow(read('slurm/testbed-scontrol-show-job-timeout.txt') + '\n', b, 0)],
  ['parseQstat (-f text)', parseQstat, (b) => grow(read('torque/testbed-qstat-f-completed-failed.txt'), b, 0)],
  ['parseQstat (table)', parseQstat, (b) => grow(read('torque/testbed-qstat-default-live.txt'), b, 2)],
  ['parseQstat (XML)', parseQstat, (b) => `<Data>${grow(read('torque/public-fyrd-qstat-x-running-queued-completed-array.txt').replace(/^<Data>|<\/Data>\s*$/g, '').replace(/<\/Job><Job>/g, '</Job>\n<Job>'), b, 0)}</Data>`],
  ['parseSubmitOutput (noise, then id)', (t) => parseSubmitOutput('slurm', t), (b) => `${'Warning: an ssh banner line\n'.repeat(Math.ceil(b / 28))}Submitted batch job 42\n`],
  ['parseSqueue (a run of spaces)', parseSqueue, hostile('JOBID|STATE', ' ')],
  ['parseSacct (a run of pipes)', parseSacct, hostile('JobID|State', '|')],
  ['parseScontrol (blank lines)', parseScontrol, (b) => `${'\n'.repeat(b)}JobId=1 JobState=RUNNING\n`],
  ['parseQstat (stray "<")', parseQstat, (b) => `<Data>${'<a'.repeat(b / 2)}`],
];

/** Median ms of three parses (ParseError is an answer too: hostile text may be rejected). */
function time(parse, text) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    try {
      parse(text);
    } catch (err) {
      if (err?.name !== 'ParseError') throw err;
    }
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[1];
}

// Baseline in the same run, so a loaded machine's figures stay comparable: splitting the
// same 4 MB into lines and cells, the least any table parser must do.
const sample = CASES[0][2](4 * MB);
const baseline = time((t) => t.split('\n').map((l) => l.split('|')), sample) / (sample.length / MB);

console.log('B8 parser speed: ms per MB at 1 MB and 4 MB, their ratio (1.0 = linear, 4.0 = quadratic), and');
console.log(`  the 4 MB figure against splitting lines and cells (${baseline.toFixed(1)} ms/MB here); target < 100 ms/MB`);
let worst = 0;
for (const [label, parse, make] of CASES) {
  const [one, four] = [make(MB), make(4 * MB)];
  const perOne = time(parse, one) / (one.length / MB);
  const perFour = time(parse, four) / (four.length / MB);
  worst = Math.max(worst, perFour);
  const cols = [perOne.toFixed(1).padStart(7), perFour.toFixed(1).padStart(7), (perFour / perOne).toFixed(2), (perFour / baseline).toFixed(1)];
  console.log(`  ${label.padEnd(38)} ${cols[0]} ms/MB  ${cols[1]} ms/MB  ratio ${cols[2]}  ${cols[3]}x split`);
}
console.log(`  worst at 4 MB: ${worst.toFixed(1)} ms/MB (target < 100)`);
