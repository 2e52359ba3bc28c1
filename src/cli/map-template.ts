/**
 * The command template of `hpcq map ... -- WORDS`. One word is a shell line as written (`"test
 * {item} -gt 2 && ./run {item}"`); several words are a command and its arguments, each quoted
 * around its placeholders, which are left bare so map quotes their values. Quoting a whole
 * word `{item}` as `'{item}'` would put map's own quoted value inside quotes, un-quoting it.
 */
import { PLACEHOLDER } from '../array/template.js';
import { shellQuote } from '../util/shell-quote.js';
import { UsageError } from './parse.js';

/** One argv word as template text: literal parts quoted, placeholders bare (`out-{index}.txt` → `out-{index}.txt`, `a b{item}` → `'a b'{item}`). */
export function templateWord(word: string): string {
  let out = '';
  let at = 0;
  for (const m of word.matchAll(new RegExp(PLACEHOLDER.source, 'g'))) {
    if (m.index > at) out += shellQuote(word.slice(at, m.index));
    out += m[0];
    at = m.index + m[0].length;
  }
  if (at < word.length || out === '') out += shellQuote(word.slice(at));
  return out;
}

/** The template of a map command line (positionals and words after `--`). */
export function templateOf(words: readonly string[]): string {
  if (words.length === 0) throw new UsageError('no command given\nUsage: hpcq map --items FILE [flags] -- COMMAND {item} ...');
  return words.length === 1 ? words[0]! : words.map(templateWord).join(' ');
}
