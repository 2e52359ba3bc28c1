/** The behaviour suite's facts about the testbed's Grid Engine (qsub, qstat -j from its own directory). */
import { join } from 'node:path';
import { testbed } from '../../helpers/cluster.js';
import type { GridHooks } from '../backends.js';

const bin = (cmd: string): string => join(testbed?.sgeBin ?? '/usr/bin', cmd);

export const sgeHooks: GridHooks = {
  hold: '-h',
  handScript: (out) => `#$ -o ${out}\n#$ -j y\n#$ -l virtual_free=100M\n`,
  rawSubmit: (script, out) => [bin('qsub'), '-terse', '-o', out, '-j', 'y', script],
  rawId: (stdout) => stdout.trim(),
  describe: (id) => [bin('qstat'), '-j', id],
  // hpcq asks memory as virtual_free, and qsub -N keeps a safe subset of the name's characters.
  described: () => [/^parallel environment: +smp range: +2$/m, /^hard resource_list: .*\bh_rt=600\b/m, /\bvirtual_free=1024M\b/, /^job_name: +it_s_a___test__job$/m],
  jobIdVar: 'JOB_ID',
};
