/** `hpcq report [--dir FILEDIR] [--out report.html] [--remote URL]`: write the run report of a filedir. */
import { resolve } from 'node:path';
import { renderReport } from '../../report/index.js';
import { writeFileAtomic } from '../../util/local-host.js';
import { flagString, type ParsedArgs } from '../args.js';

/** Write the report (default `<dir>/report.html`) and print its path. */
export async function reportCommand(args: ParsedArgs): Promise<number> {
  const dir = resolve(flagString(args, 'dir', 'd') ?? args.positionals[0] ?? '.');
  const out = resolve(flagString(args, 'out', 'o') ?? resolve(dir, 'report.html'));
  const remote = flagString(args, 'remote');
  const html = await renderReport({ dir, out, ...(remote ? { remote } : {}) });
  // Written on this machine, where the user opens it; atomic so a browser never sees half a page.
  await writeFileAtomic(out, html, 0o644);
  process.stdout.write(`${out}\n`);
  return 0;
}
