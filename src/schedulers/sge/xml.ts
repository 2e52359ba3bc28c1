/**
 * Grid Engine's XML (`qstat -xml`, `qstat -j ID -xml`) read with fast-xml-parser into plain
 * nodes where every element is a list, so one-element and many-element lists read alike.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseError } from '../../errors.js';

/** An element: its child elements by name (each a list), attributes under `@_name`, text under `#text`. */
export type XmlNode = { readonly [key: string]: unknown };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Ids, times and task lists stay text: `1-10:2` or `007` must not turn into numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

/**
 * Parse Grid Engine XML. For a job it does not know, SGE prints an element with an empty name
 * (`<unknown_jobs><> <ST_name>1</ST_name> </></unknown_jobs>`); such elements are read as
 * `<element>`. Anything else malformed throws ParseError carrying the text.
 */
export function parseSgeXml(text: string, what: string): XmlNode {
  if (/<!DOCTYPE/i.test(text)) throw new ParseError(`${what}: a DOCTYPE is never part of Grid Engine output`, text);
  const fixed = text.replace(/<(\/?)>/g, '<$1element>');
  const valid = XMLValidator.validate(fixed);
  if (valid !== true) {
    throw new ParseError(`${what}: malformed XML (${valid.err.msg} at line ${valid.err.line})`, text);
  }
  return parser.parse(fixed) as XmlNode;
}

/** The child elements named `name` (none: []). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const list = node?.[name];
  if (!Array.isArray(list)) return [];
  return list.map((v: unknown) => (v !== null && typeof v === 'object' ? (v as XmlNode) : { '#text': String(v) }));
}

/** The text of the first child element named `name`; undefined when absent or empty. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const first = (node?.[name] as unknown[] | undefined)?.[0];
  const value = first !== null && typeof first === 'object' ? (first as XmlNode)['#text'] : first;
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** Every element named `name` anywhere below `node`, in document order. */
export function descendants(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || !Array.isArray(value)) continue;
    for (const child of value as unknown[]) {
      const isNode = child !== null && typeof child === 'object';
      // A leaf (text only) is given as a node with just its text.
      if (key === name) out.push(isNode ? (child as XmlNode) : { '#text': String(child) });
      else if (isNode) descendants(child as XmlNode, name, out);
    }
  }
  return out;
}
