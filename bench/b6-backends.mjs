// B6 on the other back-ends of the testbed: the same 1,000-item map through the Torque commands
// (slurm-wlm-torque's qsub/qstat over the same Slurm, so its baseline is B6's raw sbatch array)
// and through Grid Engine (baseline: a raw `qsub -t` array of the same trivial script). A back-end
// that cannot run the map is reported with its error, and the others still run.
import { rawSgeArray } from './b6-raw.mjs';
import { ratio } from './testbed.mjs';

const show = (by) => Object.entries(by).map(([k, v]) => `${v} ${k}`).join(', ');

/** One line of a map's figures. */
export function mapLine(label, m, count) {
  return `  ${label.padEnd(20)} ${m.wall.toFixed(1)} s, ${(count / m.wall).toFixed(1)} functions/s (submit ${(m.submitted * 1000).toFixed(0)} ms, ${m.submitCommands} commands: ${show(m.submitBy)}; waiting: ${m.waitCommands} commands: ${show(m.waitBy)}; submitter CPU ${m.cpu.toFixed(1)} s)`;
}

/** Run the map on each of `names` ('torque', 'sge') and print its figures against a baseline. */
export async function backendSections(names, { conn, timeMap, count, dir, script, raw }) {
  for (const qtype of names) {
    const bin = qtype === 'sge' ? conn.sgeBin : conn.torqueBin;
    if (!bin) {
      console.log(`\n!!! B6 ${qtype} SKIPPED: the testbed's connection.json names no ${qtype}Bin`);
      continue;
    }
    console.log(`B6 ${qtype}: the same ${count}-item map (commands from ${bin})`);
    try {
      // Grid Engine puts a job on a host with `virtual_free`; it has no per-task memory cgroup to size.
      const base = qtype === 'sge' ? await rawSgeArray(bin, script, count, { mem: 100, dir }) : raw;
      const m = await timeMap(qtype);
      const label = qtype === 'sge' ? 'raw qsub -t' : 'raw sbatch (above)';
      console.log(`  ${label.padEnd(20)} ${base.wall.toFixed(1)} s, ${(count / base.wall).toFixed(1)} functions/s`);
      console.log(mapLine('map', m, count));
      console.log(`  ratio map/raw  ${ratio(m.wall, base.wall)}; commands to submit: ${m.submitCommands}`);
    } catch (err) {
      console.log(`  ${qtype} could not run ${count} tasks: ${String(err.message).split('\n').slice(0, 3).join(' | ')}`);
    }
  }
}


