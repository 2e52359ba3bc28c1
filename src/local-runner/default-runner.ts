/** The process-wide runner behind submit({ qtype: 'local' }). */
import { LocalRunner } from './runner.js';
import { Spool } from './spool.js';

let runner: LocalRunner | undefined;
// One spool for every runner this process creates: a runner made again after close() goes on
// from the same block of ids, so its ids never repeat the earlier one's.
let spool: Spool | undefined;

/** The shared LocalRunner, created on first use (and again after close()), on the machine's cores and spool. */
export function getDefaultRunner(): LocalRunner {
  spool ??= new Spool();
  if (!runner || runner.closed) runner = new LocalRunner({ spool });
  return runner;
}

/** The shared LocalRunner if one exists and is open; never creates one (asking must not start a runner). */
export function peekDefaultRunner(): LocalRunner | undefined {
  return runner && !runner.closed ? runner : undefined;
}
