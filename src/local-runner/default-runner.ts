/** The process-wide runner behind submit({ qtype: 'local' }). */
import { LocalRunner } from './runner.js';

let runner: LocalRunner | undefined;

/** The shared LocalRunner, created on first use (and again after close()) with the machine's cores. */
export function getDefaultRunner(): LocalRunner {
  if (!runner || runner.closed) runner = new LocalRunner();
  return runner;
}

/** The shared LocalRunner if one exists and is open; never creates one (asking must not start a runner). */
export function peekDefaultRunner(): LocalRunner | undefined {
  return runner && !runner.closed ? runner : undefined;
}
