/** `nodes` on Grid Engine: one host is what the smp environment gives; more is refused, never dropped. */
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors.js';
import { checkOptions, renderDirectives } from '../../../src/options/index.js';

describe('Grid Engine nodes', () => {
  it('takes nodes: 1 (a usual default profile) without a line', () => {
    const lines = renderDirectives(checkOptions({ nodes: 1, cores: 2 }, { qtype: 'sge' }), 'sge');
    expect(lines).toContain('#$ -pe smp 2');
    expect(lines.some((l) => /nodes/.test(l))).toBe(false);
  });

  it('refuses more than one host with an OptionError naming Grid Engine', () => {
    const run = (): string[] => renderDirectives(checkOptions({ nodes: 2 }, { qtype: 'sge' }), 'sge');
    expect(run).toThrow(OptionError);
    expect(run).toThrow(/more than one host is not supported on Grid Engine/);
  });
});
