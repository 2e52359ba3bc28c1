/** How CLI errors are printed and which exit code each kind gets. */
import { HpcqError, OptionError, ProfileError } from '../errors.js';
import { UsageError } from './parse.js';

/** Exit codes of `hpcq` and `clean_job_files` (documented in the README). */
export const EXIT = {
  /** Done; for wait/submit --wait: every job completed. */
  ok: 0,
  /** A job failed, was cancelled or is unknown; or nothing was done (a refusal, a missing profile). */
  failed: 1,
  /** The command line is wrong: unknown command or flag, bad value, missing argument. */
  usage: 2,
  /** hpcq could not do it: a scheduler, SSH or config error. */
  error: 3,
} as const;

/** Print an error once, prefixed with the program name (never doubled), and give its exit code. */
export function reportError(program: string, err: unknown): number {
  const message = err instanceof HpcqError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  // Messages written for the library may already start with the program's name.
  const text = message.replace(new RegExp(`^${program}:\\s*`), '');
  process.stderr.write(`${program}: ${text}\n`);
  if (err instanceof UsageError || err instanceof OptionError) return EXIT.usage;
  // A missing profile or a refused config edit: nothing was done, and the message says why.
  return err instanceof ProfileError ? EXIT.failed : EXIT.error;
}
