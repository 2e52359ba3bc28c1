/** The process-wide runner behind submit({ qtype: 'local' }). */
import { machineIdSource } from './machine-ids.js';
import { LocalRunner } from './runner.js';

let runner: LocalRunner | undefined;

// One source for every runner this process creates: a runner made again after close() goes on
// from the same block, so its ids never repeat the earlier one's.
let ids: (() => string) | undefined;

/** The shared LocalRunner, created on first use (and again after close()) with the machine's cores and machine-wide ids. */
export function getDefaultRunner(): LocalRunner {
  ids ??= machineIdSource();
  if (!runner || runner.closed) runner = new LocalRunner({ ids });
  return runner;
}

/** The shared LocalRunner if one exists and is open; never creates one (asking must not start a runner). */
export function peekDefaultRunner(): LocalRunner | undefined {
  return runner && !runner.closed ? runner : undefined;
}
