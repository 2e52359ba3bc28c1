/**
 * Command templates of `map`: `{item}`, `{index}` and the named fields of object items, each
 * replaced by its value shell-quoted, so an item can never inject shell syntax. Every command
 * also gets the item in its environment (HPCQ_ITEM, HPCQ_ITEM_INDEX).
 */
import { HpcqError } from '../errors.js';
import { shellQuote } from '../util/shell-quote.js';

/** A placeholder of a command template: `{item}`, `{index}` or a field name. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** An item as text: strings as they are, everything else as JSON. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

/** The value of placeholder `key` for one item, or undefined when it has none. */
function lookup(key: string, item: unknown, index: number): unknown {
  if (key === 'item') return item;
  if (key === 'index') return index;
  if (item !== null && typeof item === 'object' && Object.hasOwn(item, key)) return (item as Record<string, unknown>)[key];
  return undefined;
}

/** One item's command line: the template with every placeholder replaced by its quoted value. */
export function expandTemplate(template: string, item: unknown, index: number): string {
  const missing = new Set<string>();
  const line = template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = lookup(key, item, index);
    if (value === undefined) {
      missing.add(key);
      return whole;
    }
    return shellQuote(text(value));
  });
  if (missing.size > 0) {
    throw new HpcqError(`map: item ${index} has no ${[...missing].map((k) => `'${k}'`).join(', ')} for the template ${JSON.stringify(template)} (placeholders: {item}, {index} and fields of object items)`);
  }
  return `export HPCQ_ITEM=${shellQuote(text(item))} HPCQ_ITEM_INDEX=${index}\n${line}`;
}
