/**
 * The command-line parser of `hpcq` and `clean_job_files`: node:util's parseArgs over a
 * declared flag table, made strict by hand so that every problem is reported at once (each
 * unknown flag once, with one "did you mean"), and a flag that needs a value never takes the
 * next flag as one.
 */
import { parseArgs } from 'node:util';
import { HpcqError } from '../errors.js';
import { closestNames } from '../options/suggest.js';

/** One flag a command accepts. The table's key is the long name (`--key`). */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** One-letter form (`-d`). */
  short?: string;
  /** Repeatable: strings collect into a list, booleans count (`-vv`). */
  multiple?: boolean;
  /** One line of help. */
  help: string;
  /** Name of the value in help (`DIR`). */
  value?: string;
  /** Other long spellings (an option's synonyms); they are not listed in help nor suggested. */
  aliases?: readonly string[];
}

/** Flags by long name. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** What a command line holds, flags under their long names. */
export interface ParsedLine {
  values: Record<string, string | boolean | string[] | number>;
  positionals: string[];
  /** Words after the first positional (with `stopAtPositional`) or after `--`. */
  rest: string[];
  /** Whether `--` separated `rest`. */
  terminated: boolean;
}

/** A mistake on the command line: exit code 2, and the message says how to get help. */
export class UsageError extends HpcqError {
  override name = 'UsageError';
}

/** The long-name lookup, aliases included. */
function longNames(flags: FlagTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, spec] of Object.entries(flags)) {
    out.set(name, name);
    for (const alias of spec.aliases ?? []) out.set(alias, name);
    if (spec.short) out.set(spec.short, name);
  }
  return out;
}

/** Where the flags end: at `--`, or (for commands that run a command) at the first positional word. */
function splitAt(argv: string[], flags: FlagTable, names: Map<string, string>, stopAtPositional: boolean): number {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return i;
    if (word.startsWith('-') && word !== '-') {
      const name = names.get(word.replace(/^--?/, '').split('=')[0]!);
      // An unknown flag is an error anyway; taking its next word as its value lets the
      // flags after it be checked too, so every mistake is reported at once.
      const takesValue = name ? flags[name]!.type === 'string' : !argv[i + 1]?.startsWith('-');
      if (takesValue && !word.includes('=')) i++;
      continue;
    }
    if (stopAtPositional) return i;
  }
  return argv.length;
}

/** `--kebab` for messages: the flag as the user would type it. */
function shown(raw: string): string {
  return raw.split('=')[0]!;
}

/** Parse argv against a flag table; throws one UsageError listing every problem. */
export function parseCommandLine(argv: string[], flags: FlagTable, opts: { stopAtPositional?: boolean; usage: string }): ParsedLine {
  const names = longNames(flags);
  const end = splitAt(argv, flags, names, opts.stopAtPositional ?? false);
  const terminated = argv[end] === '--';
  const rest = argv.slice(terminated ? end + 1 : end);
  const options = Object.fromEntries([...names.keys()].map((n) => [n, { type: flags[names.get(n)!]!.type }]));
  const { tokens } = parseArgs({ args: argv.slice(0, end), options, strict: false, allowPositionals: true, tokens: true });
  const values: ParsedLine['values'] = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  const unknown = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const name = names.get(token.name);
    const spec = name ? flags[name] : undefined;
    if (!name || !spec) {
      if (!unknown.has(shown(token.rawName))) problems.push(unknownFlag(shown(token.rawName), flags));
      unknown.add(shown(token.rawName));
    } else if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      problems.push(`${token.rawName} needs a value${spec.value ? ` (${spec.value})` : ''}`);
    } else if (spec.type === 'boolean' && token.value !== undefined) {
      problems.push(`${shown(token.rawName)} takes no value (got '${token.value}')`);
    } else if (spec.type === 'boolean') {
      values[name] = spec.multiple ? Number(values[name] ?? 0) + 1 : true;
    } else if (spec.multiple) {
      values[name] = [...((values[name] as string[] | undefined) ?? []), token.value!];
    } else if (values[name] !== undefined && values[name] !== token.value) {
      problems.push(`--${name} was given twice ('${String(values[name])}' and '${token.value}')`);
    } else {
      values[name] = token.value!;
    }
  }
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\n${opts.usage}`);
  return { values, positionals, rest, terminated };
}

/** "unknown flag --cors (did you mean --cores?)": one suggestion, never a synonym of another. */
function unknownFlag(raw: string, flags: FlagTable): string {
  const word = raw.replace(/^--?/, '');
  const spellings = Object.entries(flags).flatMap(([name, spec]) => [name, ...(spec.aliases ?? [])].map((s) => ({ s, name })));
  const best = closestNames(word, spellings.map((x) => x.s), 1)[0];
  const target = spellings.find((x) => x.s === best)?.name;
  return `unknown flag ${raw}${target ? ` (did you mean --${target}?)` : ''}`;
}

/** Help lines for a flag table, aligned. */
export function flagHelp(flags: FlagTable): string {
  const rows = Object.entries(flags).map(([name, spec]) => {
    const head = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    return [head, spec.help] as const;
  });
  const width = Math.max(...rows.map(([h]) => h.length));
  return rows.map(([h, text]) => `  ${h.padEnd(width)}  ${text}`).join('\n');
}
