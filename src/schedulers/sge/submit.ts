/**
 * What Grid Engine's qsub prints on success: with `-terse` the id alone (`123`, an array
 * `123.1-10:1`), without it `Your job 123 ("name") has been submitted` or
 * `Your job-array 123.1-10:1 ("name") has been submitted`.
 */
import { ParseError } from '../../errors.js';

/**
 * The job id (for an array the array job's own id, `123`). Noise around it (an ssh banner,
 * warnings) is skipped. Throws ParseError carrying the text when there is none.
 */
export function parseSgeSubmitOutput(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const line of lines) {
    const m = /^Your job(?:-array)? (\d+)(?:\.\S+)? \(.*\) has been submitted/.exec(line);
    if (m) return m[1]!;
  }
  for (const line of lines) {
    const m = /^(\d+)(?:\.\d+-\d+:\d+)?$/.exec(line);
    if (m) return m[1]!;
  }
  throw new ParseError('No job id in qsub output', text);
}
