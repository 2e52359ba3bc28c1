/**
 * A strict, linear scanner for the XML Grid Engine prints (elements, `name="value"`
 * attributes, text without entities), giving the same tree fast-xml-parser gives with the
 * options of xml.ts. fast-xml-parser's validate-and-parse cost several times the budget of a
 * parse (b8); this scanner reads a listing in one forward pass of indexOf. Anything outside
 * that subset (entities, comments, CDATA, mixed content, odd names, a malformed tag) gives
 * undefined, and fast-xml-parser decides, so malformed text gets its ParseError as before.
 */
import type { XmlNode } from './xml.js';

type Node = Record<string, unknown>;

interface Open {
  name: string;
  node: Node;
  attrs: Array<[string, string]>;
  text: string;
}

/** Tag names Grid Engine writes; not a name Object.prototype has (`constructor`, `__proto__`). */
const NAME = /^[A-Za-z_][\w.-]*/;
/** One attribute; a value with `<`, `&` or a control character is left to fast-xml-parser. */
const ATTR = /[ \t\n]+([A-Za-z_][\w.:-]*)=(?:"([^"<&\x00-\x1f]*)"|'([^'<&\x00-\x1f]*)')/y;
/**
 * The declaration Grid Engine prints, which fast-xml-parser reads as `?xml: [{ '@_version': '1.0' }]`,
 * then the line end (its validator refuses spaces there).
 */
const PROLOG = /^<\?xml version=(['"])1\.0\1\?>(?=\n?<)/;
/** Space between elements, as the validator takes it (not every character `trim` drops). */
const SPACE = /^[ \t\n]*$/;

/** The name and attributes of an opening tag's text (between `<` and `>`, without a closing `/`). */
function openTag(body: string): { name: string; attrs: Array<[string, string]> } | undefined {
  const name = NAME.exec(body)?.[0];
  if (name === undefined || name in Object.prototype) return undefined;
  const attrs: Array<[string, string]> = [];
  let at = name.length;
  for (ATTR.lastIndex = at; ; ATTR.lastIndex = at) {
    const m = ATTR.exec(body);
    if (!m) break;
    if (attrs.some(([k]) => k === m[1])) return undefined;
    // trimValues trims attribute values too.
    attrs.push([m[1]!, (m[2] ?? m[3]!).trim()]);
    at = ATTR.lastIndex;
  }
  // Only space after the attributes (not every character `trim` drops: the validator refuses a BOM).
  return SPACE.test(body.slice(at)) ? { name, attrs } : undefined;
}

/** An element's value as fast-xml-parser gives it: children then attributes, or its text. */
function valueOf(open: Open, hasChildren: boolean): unknown {
  const text = open.text.trim();
  // Mixed content: fast-xml-parser's placement of its text is left to it.
  if (hasChildren && text !== '') return undefined;
  if (!hasChildren && open.attrs.length === 0) return text;
  const node = open.node;
  if (!hasChildren && text !== '') node['#text'] = text;
  for (const [k, v] of open.attrs) node[`@_${k}`] = v;
  return node;
}

function append(parent: Node, name: string, value: unknown): void {
  const list = parent[name] as unknown[] | undefined;
  if (list) list.push(value);
  else parent[name] = [value];
}

/** The tree of `text`, or undefined when it is not in the subset this scanner reads. */
export function scanSgeXml(text: string): XmlNode | undefined {
  // fast-xml-parser turns `\r\n` into `\n` inside values.
  if (text.includes('\r')) return undefined;
  const doc: Node = {};
  let pos = 0;
  const prolog = PROLOG.exec(text);
  if (prolog) {
    doc['?xml'] = [{ '@_version': '1.0' }];
    pos = prolog[0].length;
  }
  const stack: Open[] = [];
  let roots = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt < 0 ? text.length : lt);
    if (chunk.includes('&') || chunk.includes(']]>')) return undefined;
    const top = stack[stack.length - 1];
    if (top) top.text += chunk;
    else if (!SPACE.test(chunk)) return undefined;
    if (lt < 0) break;
    const gt = text.indexOf('>', lt);
    if (gt < 0) return undefined;
    const inner = text.slice(lt + 1, gt);
    pos = gt + 1;
    if (inner.startsWith('/')) {
      if (!top || inner.slice(1) !== top.name) return undefined;
      stack.pop();
      const value = valueOf(top, Object.keys(top.node).length > 0);
      if (value === undefined) return undefined;
      append(stack[stack.length - 1]?.node ?? doc, top.name, value);
      continue;
    }
    const selfClosing = inner.endsWith('/');
    const tag = openTag(selfClosing ? inner.slice(0, -1) : inner);
    if (!tag || (stack.length === 0 && roots++ > 0)) return undefined;
    const open: Open = { name: tag.name, node: {}, attrs: tag.attrs, text: '' };
    if (selfClosing) append(top?.node ?? doc, tag.name, valueOf(open, false));
    else stack.push(open);
  }
  return stack.length === 0 && roots === 1 ? doc : undefined;
}
