/**
 * The job id in what a submit command printed: shared line handling; each back-end says which
 * line is the id. `parseSubmitOutput(qtype, text)` (registry.ts) picks the back-end.
 */
import { ParseError } from '../errors.js';

/**
 * The id `find` picks from submit output's non-blank, trimmed lines: noise around the id (an ssh
 * banner, warnings) is skipped. Throws ParseError carrying the text when there is none.
 */
export function jobIdIn(text: string, command: string, find: (lines: string[]) => string | undefined): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const id = find(lines);
  if (id === undefined) throw new ParseError(`No job id in ${command} output`, text);
  return id;
}
