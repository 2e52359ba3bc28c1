/** One CLI command: its flags, its help, and what it does. */
import { flagHelp, parseCommandLine, type FlagTable, type ParsedLine } from './parse.js';

/** A command of `hpcq` (or the whole of `clean_job_files`). */
export interface CliCommand {
  /** How it is called, e.g. `hpcq wait` or `clean_job_files`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Synopsis lines after the name, e.g. `[flags] JOB_ID...`. */
  usage: string;
  flags: FlagTable;
  /** Flags end at the first positional word: `hpcq submit --wait echo --not-a-flag`. */
  stopAtPositional?: boolean;
  /** Extra help text after the flags. */
  notes?: string;
  run(line: ParsedLine): Promise<number>;
}

/** The full help of a command. */
export function commandHelp(cmd: CliCommand): string {
  const notes = cmd.notes ? `\n${cmd.notes.trimEnd()}\n` : '';
  return `${cmd.summary}\n\nUsage: ${cmd.name} ${cmd.usage}\n\nFlags:\n${flagHelp(cmd.flags)}\n${notes}`;
}

/** Parse argv for a command and run it; `--help` prints its help (exit 0). */
export async function runCommand(cmd: CliCommand, argv: string[]): Promise<number> {
  const line = parseCommandLine(argv, cmd.flags, {
    usage: `Usage: ${cmd.name} ${cmd.usage}\nRun '${cmd.name} --help' for details.`,
    ...(cmd.stopAtPositional ? { stopAtPositional: true } : {}),
  });
  if (line.values.help) {
    process.stdout.write(commandHelp(cmd));
    return 0;
  }
  return cmd.run(line);
}
