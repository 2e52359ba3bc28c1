/** The one aligned-columns formatter, shared by `hpcq queue` and `hpcq options --format table`. */

/**
 * Rows under a header, each column padded to its widest cell, two spaces apart; the last
 * column is not padded (it may be long free text), so no line ends in spaces. No final newline.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    header
      .map((_, i) => (i < header.length - 1 ? (cells[i] ?? '').padEnd(widths[i]!) : (cells[i] ?? '')))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
