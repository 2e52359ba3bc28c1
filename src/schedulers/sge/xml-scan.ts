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
  attrs: ReadonlyArray<[string, string]>;
  /** The text before the first child (all of a leaf's text). */
  text: string;
  /** Some text between the children is not space: mixed content. */
  mixed: boolean;
  hasChildren: boolean;
}

/** One attribute; a value with `<`, `&` or a control character is left to fast-xml-parser. */
const ATTR = /[ \t\n]+([A-Za-z_][\w.:-]*)=(?:"([^"<&\x00-\x1f]*)"|'([^'<&\x00-\x1f]*)')/y;
/**
 * The declaration Grid Engine prints, which fast-xml-parser reads as `?xml: [{ '@_version': '1.0' }]`,
 * then the line end (its validator refuses spaces there).
 */
const PROLOG = /^<\?xml version=(['"])1\.0\1\?>(?=\n?<)/;
/** Space between elements, as the validator takes it (not every character `trim` drops). */
const SPACE = /^[ \t\n]*$/;

/** No attributes: shared, never written. */
const NO_ATTRS: ReadonlyArray<[string, string]> = [];

/** Whether a character code may start a tag name (`[A-Za-z_]`). */
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Whether a character code may continue a tag name (`[\w.-]`). */
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;

/** The length of the tag name at the start of `body` (NAME's match), 0 when there is none. */
function nameLength(body: string): number {
  if (!isNameStart(body.charCodeAt(0))) return 0;
  let i = 1;
  while (i < body.length && isNameChar(body.charCodeAt(i))) i++;
  return i;
}

/** The name and attributes of an opening tag's text (between `<` and `>`, without a closing `/`). */
function openTag(body: string): { name: string; attrs: ReadonlyArray<[string, string]> } | undefined {
  const length = nameLength(body);
  // Nearly every tag is a bare name: no attribute to read.
  const name = length === body.length ? body : body.slice(0, length);
  // Not a name Object.prototype has (`constructor`, `__proto__`): the tree is a plain object.
  if (length === 0 || name in Object.prototype) return undefined;
  if (length === body.length) return { name, attrs: NO_ATTRS };
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
function valueOf(open: Open): unknown {
  const node = open.node;
  if (open.hasChildren) {
    // Mixed content: fast-xml-parser's placement of its text is left to it.
    if (open.mixed || open.text.trim() !== '') return undefined;
  } else {
    const text = open.text.trim();
    if (open.attrs.length === 0) return text;
    if (text !== '') node['#text'] = text;
  }
  for (const [k, v] of open.attrs) node[`@_${k}`] = v;
  return node;
}

function append(parent: Node, name: string, value: unknown): void {
  const list = parent[name] as unknown[] | undefined;
  if (list) list.push(value);
  else parent[name] = [value];
}

/**
 * Whether `text` from `start` to `end` is `[ \t\n]*` (SPACE), read in place. Such a chunk has
 * no `&` or `]]>`, is allowed at the top level, and trims to nothing.
 */
function isSpaceBetween(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10) return false;
  }
  return true;
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
    const end = lt < 0 ? text.length : lt;
    const top = stack[stack.length - 1];
    // Space between tags (most chunks) is read in place: it adds nothing to any value.
    if (!isSpaceBetween(text, pos, end)) {
      // Text outside the root element.
      if (!top) return undefined;
      const chunk = text.slice(pos, end);
      if (chunk.includes('&') || chunk.includes(']]>')) return undefined;
      // A leaf's text is its one chunk; a parent's chunks only say whether it has mixed content.
      if (!top.hasChildren) top.text += chunk;
      else if (!top.mixed && chunk.trim() !== '') top.mixed = true;
    }
    if (lt < 0) break;
    const gt = text.indexOf('>', lt);
    if (gt < 0) return undefined;
    pos = gt + 1;
    if (text.charCodeAt(lt + 1) === 47 /* / */) {
      if (!top || gt !== lt + 2 + top.name.length || !text.startsWith(top.name, lt + 2)) return undefined;
      stack.pop();
      const value = valueOf(top);
      if (value === undefined) return undefined;
      addChild(stack[stack.length - 1], doc, top.name, value);
      continue;
    }
    const inner = text.slice(lt + 1, gt);
    const selfClosing = inner.endsWith('/');
    const tag = openTag(selfClosing ? inner.slice(0, -1) : inner);
    if (!tag || (stack.length === 0 && roots++ > 0)) return undefined;
    const open: Open = { name: tag.name, node: {}, attrs: tag.attrs, text: '', mixed: false, hasChildren: false };
    if (selfClosing) addChild(top, doc, tag.name, valueOf(open));
    else stack.push(open);
  }
  return stack.length === 0 && roots === 1 ? doc : undefined;
}

/** Append a child's value to the open element `parent`, or to the document at the top level. */
function addChild(parent: Open | undefined, doc: Node, name: string, value: unknown): void {
  if (parent) parent.hasChildren = true;
  append(parent?.node ?? doc, name, value);
}
