// B8: parser speed and linearity. Each parser reads 1 MB and 4 MB of recorded output (the
// project's fixtures, rows repeated with fresh job ids) and of hostile text (a long run of
// spaces, of delimiters, of blank lines: the inputs that were quadratic). Prints ms per MB
// at both sizes and their ratio: 1.0 is linear, 4.0 would be quadratic. Target < 100 ms/MB.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQacct, parseQstat, parseSacct, parseScontrol, parseSqueue, parseSubmitOutput } from '../dist/schedulers/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const read = (path) => readFileSync(join(fixtures, path), 'utf8');
const MB = 1024 * 1024;

/**
 * Slurm's and Torque's ids: 1xx → (1000 + copy)xx, so every copy names other jobs, as a real
 * long listing does. Not after `:` or a word character: `0:125` is an exit code, not a job.
 */
const threeDigitIds = (piece, copy) => piece.replace(/(?<![\w:])1(\d\d)\b/g, (_, d) => `${1000 + copy}${d}`);

/** The same in an aligned table: the spaces after a longer id shrink, so every column stays under its ruler. */
const alignedIds = (piece, copy) =>
  piece.replace(/(?<![\w:])1(\d\d)\b(\S*)( +)/g, (_, d, rest, spaces) => {
    const id = `${1000 + copy}${d}`;
    return `${id}${rest}${' '.repeat(Math.max(1, spaces.length - (id.length - 3)))}`;
  });

/** Grid Engine's ids (two digits on the testbed) where its outputs name them: n → (1000 + copy)n. */
const sgeIds = (piece, copy) =>
  piece.replace(/(<JB_job_number>|^jobnumber +|^ +)(\d+)\b/gm, (_, lead, n) => `${lead}${1000 + copy}${n}`);

/**
 * `headerLines` kept once at the top and `footerLines` once at the bottom, the body between
 * them repeated, renumbered by `renumber`, until the text is `bytes` long.
 */
function grow(text, bytes, headerLines, { footerLines = 0, renumber = threeDigitIds } = {}) {
  const lines = text.trimEnd().split('\n');
  const head = lines.slice(0, headerLines).join('\n');
  const body = lines.slice(headerLines, lines.length - footerLines).join('\n');
  const foot = lines.slice(lines.length - footerLines).join('\n');
  const parts = [head];
  let size = head.length + foot.length;
  for (let copy = 0; size < bytes; copy++) {
    const piece = renumber(body, copy);
    parts.push(piece);
    size += piece.length + 1;
  }
  if (footerLines > 0) parts.push(foot);
  return parts.join('\n');
}

/** One long line of `unit` behind a header: what a stray run of spaces or pipes looks like. */
const hostile = (head, unit) => (bytes) => `${head}\n1|RUNNING${unit.repeat(Math.ceil(bytes / unit.length))}x\n`;

const CASES = [
  ['parseSqueue (hpcq format)', parseSqueue, (b) => grow(read('slurm/testbed-squeue-hpcq-format-live.txt'), b, 1)],
  ['parseSqueue (default layout)', parseSqueue, (b) => grow(read('slurm/testbed-squeue-default-live.txt'), b, 1)],
  ['parseSacct (--parsable2)', parseSacct, (b) => grow(read('slurm/testbed-sacct-P-all-states.txt'), b, 1)],
  ['parseSacct (aligned)', parseSacct, (b) => grow(read('slurm/testbed-sacct-aligned-all-states.txt'), b, 2, { renumber: alignedIds })],
  ['parseScontrol (multi-line)', parseScontrol, (b) => grow(read('slurm/testbed-scontrol-show-job-timeout.txt') + '\n', b, 0)],
  ['parseQstat (-f text)', parseQstat, (b) => grow(read('torque/testbed-qstat-f-completed-failed.txt'), b, 0)],
  ['parseQstat (table)', parseQstat, (b) => grow(read('torque/testbed-qstat-default-live.txt'), b, 2)],
  ['parseQstat (XML)', parseQstat, (b) => `<Data>${grow(read('torque/public-fyrd-qstat-x-running-queued-completed-array.txt').replace(/^<Data>|<\/Data>\s*$/g, '').replace(/<\/Job><Job>/g, '</Job>\n<Job>'), b, 0)}</Data>`],
  // Grid Engine: hpcq's own `qstat -xml` (the running jobs' <job_list>s repeated inside <queue_info>),
  // `qacct -j` records, and the default table users may hold.
  ['parseQstat (Grid Engine -xml)', parseQstat, (b) => grow(read('sge/testbed-qstat-xml-live.txt'), b, 3, { footerLines: 66, renumber: sgeIds })],
  ['parseQacct (-j records)', parseQacct, (b) => grow(read('sge/testbed-qacct-j-array-exit-0-1-2.txt'), b, 0, { renumber: sgeIds })],
  ['parseQstat (Grid Engine table)', parseQstat, (b) => grow(read('sge/testbed-qstat-table-live.txt'), b, 2, { renumber: sgeIds })],
  ['parseSubmitOutput (noise, then id)', (t) => parseSubmitOutput('slurm', t), (b) => `${'Warning: an ssh banner line\n'.repeat(Math.ceil(b / 28))}Submitted batch job 42\n`],
  ['parseSqueue (a run of spaces)', parseSqueue, hostile('JOBID|STATE', ' ')],
  ['parseSacct (a run of pipes)', parseSacct, hostile('JobID|State', '|')],
  ['parseScontrol (blank lines)', parseScontrol, (b) => `${'\n'.repeat(b)}JobId=1 JobState=RUNNING\n`],
  ['parseQstat (stray "<")', parseQstat, (b) => `<Data>${'<a'.repeat(b / 2)}`],
];

/**
 * Median ms of three parses, and what the parse gave: a record count, or `ParseError` (an
 * answer too: hostile text may be rejected). The count shows the grown text still reads as
 * the jobs it should, so a fast figure cannot come from a parser that gave up early.
 */
function time(parse, text) {
  const runs = [];
  let answer = '';
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    try {
      const out = parse(text);
      answer = String(Array.isArray(out) ? out.length : out);
    } catch (err) {
      if (err?.name !== 'ParseError') throw err;
      answer = 'ParseError';
    }
    runs.push(performance.now() - t0);
  }
  return { ms: runs.sort((a, b) => a - b)[1], answer };
}

// Baseline in the same run, so a loaded machine's figures stay comparable: splitting the
// same 4 MB into lines and cells, the least any table parser must do.
const sample = CASES[0][2](4 * MB);
const baseline = time((t) => t.split('\n').map((l) => l.split('|')), sample).ms / (sample.length / MB);

console.log('B8 parser speed: ms per MB at 1 MB and 4 MB, their ratio (1.0 = linear, 4.0 = quadratic), the 4 MB');
console.log(`  figure against splitting lines and cells (${baseline.toFixed(1)} ms/MB here), and the records read from 4 MB;`);
// Wall time: on a machine busy with other work every figure grows, the ratio to splitting less so.
console.log(`  target < 100 ms/MB (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
let worst = 0;
for (const [label, parse, make] of CASES) {
  const [one, four] = [make(MB), make(4 * MB)];
  const perOne = time(parse, one).ms / (one.length / MB);
  const { ms, answer } = time(parse, four);
  const perFour = ms / (four.length / MB);
  worst = Math.max(worst, perFour);
  const cols = [perOne.toFixed(1).padStart(7), perFour.toFixed(1).padStart(7), (perFour / perOne).toFixed(2), (perFour / baseline).toFixed(1).padStart(4)];
  console.log(`  ${label.padEnd(38)} ${cols[0]} ms/MB  ${cols[1]} ms/MB  ratio ${cols[2]}  ${cols[3]}x split  ${answer.padStart(10)}`);
}
console.log(`  worst at 4 MB: ${worst.toFixed(1)} ms/MB (target < 100)`);
