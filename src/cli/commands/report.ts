/** `hpcq report [--dir FILEDIR] [--out report.html] [--remote URL]`: write the run report of a filedir. */
import { resolve } from 'node:path';
import { renderReport } from '../../report/index.js';
import { FILE_MODE } from '../../util/atomic-write.js';
import { writeFileAtomic } from '../../util/local-host.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, SCHEDULER_FLAGS, schedulerTarget, stringFlag } from '../flags.js';
import { UsageError } from '../parse.js';

/** Write the report (default `<dir>/report.html`) and print its path. */
export const reportCommand: CliCommand = {
  name: 'hpcq report',
  summary: 'Write one self-contained HTML page for the jobs of a filedir: timeline, dependency graph, exit codes, output links.',
  usage: '[--dir FILEDIR] [--out report.html] [--remote URL]',
  flags: {
    dir: { type: 'string', short: 'd', value: 'FILEDIR', help: 'The filedir whose recorded jobs are shown (default: the working directory).' },
    out: { type: 'string', short: 'o', value: 'FILE', help: 'Where to write the page (default: FILEDIR/report.html); output links are relative to it.' },
    remote: SCHEDULER_FLAGS.remote!,
    'identity-file': SCHEDULER_FLAGS['identity-file']!,
    'known-hosts': SCHEDULER_FLAGS['known-hosts']!,
    ...HELP_FLAG,
  },
  notes: 'The jobs are those of the ledger in FILEDIR/.hpcq/ledger, with what their status files say.\n',
  async run(line) {
    if (line.positionals.length > 0) throw new UsageError(`unexpected argument '${line.positionals[0]}': give the filedir with --dir`);
    const dir = resolve(stringFlag(line, 'dir') ?? '.');
    const out = resolve(stringFlag(line, 'out') ?? resolve(dir, 'report.html'));
    const { remote } = schedulerTarget(line);
    const html = await renderReport({ dir, out, ...(remote ? { remote } : {}) });
    // Written on this machine, where the user opens it; atomic so a browser never sees half a page.
    await writeFileAtomic(out, html, FILE_MODE);
    process.stdout.write(`${out}\n`);
    return EXIT.ok;
  },
};
