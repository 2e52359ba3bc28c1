/** Making user strings safe in the report: HTML/SVG text and attributes, and relative links. */
import { relative, sep } from 'node:path';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML/SVG elements and quoted attributes (every user string goes through this). */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A relative URL from the directory holding the report to `path`, each segment percent-encoded
 * (so a name with `#`, `?`, spaces or quotes still points at the file). Attribute-escaped too.
 */
export function relativeHref(fromDir: string, path: string): string {
  const rel = relative(fromDir, path) || '.';
  return esc(rel.split(sep).map(encodeURIComponent).join('/'));
}
