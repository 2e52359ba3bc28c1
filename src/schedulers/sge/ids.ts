/**
 * Grid Engine job ids: a job `123`; the tasks of an array job `123.4` (the `job.task` form that
 * qdel, qstat -j and DRMAA accept); what `qsub -terse` prints for an array, `123.1-10:1`
 * (first-last:step); and the task lists qstat shows for pending tasks (`1-10:2`, `3,4`).
 */
import type { SplitId } from '../job-id.js';

const SGE_ID = /^(\d+)(?:\.(\d+(?:-\d+(?::\d+)?)?))?$/;

/** Split a Grid Engine id (`123`, `123.4`, `123.1-10:1`). Returns undefined when it is none. */
export function splitSgeId(text: string): SplitId | undefined {
  const m = SGE_ID.exec(text.trim());
  if (!m) return undefined;
  const [, base, task] = m;
  if (task === undefined) return { id: base!, baseId: base! };
  // A range names the whole array: its record is the array job itself.
  if (task.includes('-')) return { id: base!, baseId: base!, arrayIndex: task };
  return { id: `${base}.${task}`, baseId: base!, arrayIndex: task };
}

/** The id of task `index` of array job `arrayId`. */
export function sgeTaskId(arrayId: string, index: string): string {
  return `${arrayId.split('.')[0]}.${index}`;
}

/** Largest task list a parser expands into one record per task (bigger lists stay one record). */
const MAX_EXPANDED = 10_000;

/**
 * The task numbers of a qstat task list (`1-10:2`, `3,4`, `7`), or undefined when it is not one
 * or names more than MAX_EXPANDED tasks (a parser never allocates without bound).
 */
export function expandSgeTasks(list: string): number[] | undefined {
  const out: number[] = [];
  for (const part of list.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (step < 1 || hi < lo || out.length + (hi - lo) / step >= MAX_EXPANDED) return undefined;
    for (let n = lo; n <= hi; n += step) out.push(n);
  }
  return out;
}
