/** docs/options.md is generated from the options table; this test compares, it never writes. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPTION_TABLE, optionsMarkdown } from '../../src/options/index.js';

const DOC = new URL('../../docs/options.md', import.meta.url);

describe('docs/options.md', () => {
  it('is what `npm run docs` generates from the table (run it after changing the table)', async () => {
    const committed = await readFile(DOC, 'utf8');
    // Compared line by line so a failure names the stale line, not two 20 kB strings.
    expect(committed.split('\n'), 'docs/options.md is stale: run `npm run docs`').toEqual(optionsMarkdown().split('\n'));
  });

  it('documents every keyword with a section, its synonyms and its default', () => {
    const doc = optionsMarkdown();
    for (const row of OPTION_TABLE) {
      expect(doc).toContain(`\n### ${row.name}\n\n${row.help}\n`);
      for (const synonym of row.synonyms) expect(doc).toContain(`\`${synonym}\``);
      if ('default' in row) expect(doc).toContain(`- Default: \`${JSON.stringify(row.default)}\`.`);
    }
    expect(doc).toContain('| Option | Also | Type | Default | Slurm | Grid Engine | Torque | Local |');
    expect(doc).toContain('| [`mem`](#mem) | `memory` | memory | - | `--mem` | `-l virtual_free=` | `-l mem=` | ignored |');
    // An option a back-end does not render is a dash in its column, and not in its section.
    expect(doc).toContain('| [`gpus`](#gpus) |');
    expect(doc).toMatch(/\| \[`gpus`\]\(#gpus\) \|[^\n]* \| `[^`]+` \| - \| `[^`]+` \| ignored \|/);
    expect(doc).toContain('- Grid Engine: `-pe smp N`.');
  });
});
