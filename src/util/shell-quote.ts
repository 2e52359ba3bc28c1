/** POSIX shell quoting. Everything hpcq puts in a generated script goes through here. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word for sh/bash: safe words stay bare, others are single-quoted ('\'' for quotes). */
export function shellQuote(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quote an argv array into one shell command line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
