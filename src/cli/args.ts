/** Command-line argument splitting shared by the hpcq CLI and clean_job_files. */

export interface ParsedArgs {
  /** Positional words, in order. */
  positionals: string[];
  /** `--key value`, `--key=value` and bare `--flag` (value true); keys as written, dashes kept. */
  flags: Map<string, string | true>;
  /** Words after a literal `--`. */
  rest: string[];
}

/** Flags that never take a value (so `--dry-run cmd` does not eat `cmd`). */
export type BooleanFlags = ReadonlySet<string>;

/**
 * Split argv into flags and positionals. `-x` short flags map through `aliases`.
 * A flag in `booleans` never consumes the next word.
 */
export function parseArgs(argv: string[], booleans: BooleanFlags, aliases: Record<string, string> = {}): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      out.positionals.push(word);
      continue;
    }
    let key = word.replace(/^--?/, '');
    if (!word.startsWith('--')) key = aliases[key] ?? key;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      out.flags.set(key.slice(0, eq), key.slice(eq + 1));
    } else if (booleans.has(key) || i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) {
      out.flags.set(key, true);
    } else {
      out.flags.set(key, argv[++i]!);
    }
  }
  return out;
}

/** A flag's string value, or undefined. */
export function flagString(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = args.flags.get(name);
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Whether a boolean flag is set. */
export function flagSet(args: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => args.flags.get(n) !== undefined && args.flags.get(n) !== 'false');
}
