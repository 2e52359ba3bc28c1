import { describe, expect, it } from 'vitest';
import { OPTION_TABLE, checkOptions, findOption, optionHelp, type OptionHelpEntry } from '../../src/options/index.js';

describe('optionHelp', () => {
  it('describes every keyword in JSON', () => {
    const entries = JSON.parse(optionHelp({ format: 'json' })) as OptionHelpEntry[];
    expect(entries.map((e) => e.name)).toEqual(OPTION_TABLE.map((r) => r.name));
    const mem = entries.find((e) => e.name === 'mem')!;
    expect(mem).toMatchObject({ synonyms: ['memory'], type: 'memory', schedulers: ['slurm', 'sge', 'torque'], slurm: '--mem', sge: '-l virtual_free=', torque: '-l mem=' });
    expect(mem.help).toMatch(/1G = 1024M/);
    expect(entries.find((e) => e.name === 'suffix')).toMatchObject({ default: 'cluster', schedulers: ['slurm', 'sge', 'torque', 'local'] });
    expect(entries.find((e) => e.name === 'cores')!.torque).toMatch(/nodes=N:ppn=C/);
    // Every registry back-end has its column; one that does not render an option says null.
    expect(entries.find((e) => e.name === 'gpus')).toMatchObject({ sge: null, schedulers: ['slurm', 'torque'] });
  });

  it('filters by scheduler', () => {
    const local = (JSON.parse(optionHelp({ qtype: 'local', format: 'json' })) as OptionHelpEntry[]).map((e) => e.name);
    expect(local).toContain('threads');
    expect(local).not.toContain('mem');
    const torque = (JSON.parse(optionHelp({ qtype: 'torque', format: 'json' })) as OptionHelpEntry[]).map((e) => e.name);
    expect(torque).not.toContain('begin');
    expect(torque).not.toContain('threads');
    const sge = (JSON.parse(optionHelp({ qtype: 'sge', format: 'json' })) as OptionHelpEntry[]).map((e) => e.name);
    expect(sge).toContain('array');
    expect(sge).not.toContain('gpus');
  });

  it('writes text with synonyms, type, default and schedulers', () => {
    const text = optionHelp();
    expect(text).toContain('depends (also: depend, dependency, dependencies)');
    expect(text).toMatch(/time \(also: walltime\)\n {4}type: duration {3}default: - {3}applies to: slurm, sge, torque, local/);
    expect(text).toMatch(/\nmem \(also: memory\)\n[^\n]*\n {4}renders: slurm --mem; sge -l virtual_free=; torque -l mem=\n/);
    expect(text).toContain('default: "node"');
  });

  it('writes an aligned table', () => {
    const lines = optionHelp({ format: 'table' }).split('\n');
    expect(lines[0]).toMatch(/^OPTION +SYNONYMS +TYPE +DEFAULT +APPLIES TO +HELP$/);
    expect(lines).toHaveLength(OPTION_TABLE.length + 1);
    const typeColumn = lines[0]!.indexOf('TYPE');
    for (const line of lines.slice(1)) expect(line[typeColumn - 1]).toBe(' ');
  });
});

describe('the table', () => {
  it('has no spelling that means two options', () => {
    const seen = new Map<string, string>();
    for (const row of OPTION_TABLE) {
      for (const key of [row.name, ...row.synonyms]) {
        const folded = key.toLowerCase().replace(/[-_]/g, '');
        expect(seen.get(folded) ?? row.name, `${key} is ambiguous`).toBe(row.name);
        seen.set(folded, row.name);
        expect(findOption(key)?.name).toBe(row.name);
      }
    }
  });

  it('lets defaults pass their own validation', () => {
    for (const row of OPTION_TABLE) {
      if ('default' in row) expect((checkOptions({ [row.name]: row.default }) as Record<string, unknown>)[row.name]).toEqual(row.default);
    }
  });
});
