/**
 * The public `parseQstat`: every qstat output hpcq knows, whichever scheduler printed it. Grid
 * Engine's (XML, table, `qstat -j`) goes to its parser, everything else to Torque/PBS's.
 */
import type { JobRecord } from '../types.js';
import { isSgeQstatOutput, parseSgeQstat } from './sge/index.js';
import { parseQstat as parsePbsQstat } from './torque/index.js';

/** Parse qstat output (Torque, PBS Pro or Grid Engine) into records; unreadable text throws ParseError. */
export function parseQstat(text: string): JobRecord[] {
  return isSgeQstatOutput(text) ? parseSgeQstat(text) : parsePbsQstat(text);
}
