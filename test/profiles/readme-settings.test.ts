/**
 * The README's settings table is true: it lists every [queue] / [jobs] setting a new config
 * holds, every HPCQ_* variable the sources read, and the default profile's values.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SECTIONS } from '../../src/profiles/config-file.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const TABLE = README.slice(README.indexOf('## Settings'), README.indexOf('\n## ', README.indexOf('## Settings') + 1));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );
}

describe('README settings table', () => {
  it('lists every setting of a new config with its default', () => {
    expect(TABLE.length).toBeGreaterThan(500);
    for (const section of ['queue', 'jobs']) {
      for (const [key, value] of Object.entries(DEFAULT_SECTIONS[section]!)) {
        expect(TABLE).toMatch(new RegExp(`\\| \`\\[${section}\\] ${key}\` \\| \`${String(value)}\` \\|`));
      }
    }
    for (const [key, value] of Object.entries(DEFAULT_SECTIONS.prof_default!)) expect(TABLE).toContain(`\`${key} = ${String(value)}\``);
  });

  it('lists every HPCQ_* variable the sources name', () => {
    // process.env.HPCQ_X, and names passed around as strings ('HPCQ_MAX_JOBS').
    const pattern = /(?:process\.env\.|['"`])(HPCQ_[A-Z_]+)/g;
    const read = new Set(sources(join(ROOT, 'src')).flatMap((text) => [...text.matchAll(pattern)].map((m) => m[1]!)));
    expect(read.size).toBeGreaterThanOrEqual(4);
    for (const name of read) expect(TABLE, name).toContain(`| \`${name}\` |`);
  });
});
