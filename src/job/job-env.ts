/**
 * The portable variables every hpcq job sees, whatever runs it: HPCQ_JOB_ID, HPCQ_JOB_NAME,
 * HPCQ_ARRAY_INDEX, HPCQ_ARRAY_COUNT, HPCQ_NODES, HPCQ_CORES, HPCQ_SUBMIT_DIR. Each back-end
 * says which of its own variables hold them (BatchBackend.env); the local runner passes its
 * values in HPCQ_LOCAL_* variables (LocalRunner.submit), read here as LOCAL_ENV.
 */
import type { JobEnvironment } from '../schedulers/backend.js';
import { getBackend, isBatchQtype } from '../schedulers/registry.js';
import type { Qtype } from '../types.js';
import { shellQuote } from '../util/shell-quote.js';

/** The variable the local runner sets to a local array task's index. */
export const LOCAL_TASK_VAR = 'HPCQ_LOCAL_TASK';

/** What the local runner tells a job (set per job by LocalRunner.submit and LocalPool.add). */
export const LOCAL_ENV: JobEnvironment = {
  jobId: '"${HPCQ_LOCAL_JOB_ID:-}"',
  arrayIndex: `"\${${LOCAL_TASK_VAR}:-}"`,
  nodes: '"$(hostname)"',
  cores: '"${HPCQ_LOCAL_CORES:-}"',
  submitDir: '"${HPCQ_LOCAL_SUBMIT_DIR:-}"',
  prefixes: ['HPCQ_LOCAL_'],
};

/** The job environment of a qtype: its back-end's, or the local runner's. */
export function jobEnvOf(qtype: Qtype): JobEnvironment {
  return isBatchQtype(qtype) ? getBackend(qtype).env : LOCAL_ENV;
}

/**
 * The bash line exporting the portable variables inside the job. HPCQ_ARRAY_INDEX/COUNT come
 * from the array prelude (src/array/script.ts) and are empty for a job that is not an array task.
 */
export function portableExports(env: JobEnvironment, name: string): string {
  return [
    'export',
    `HPCQ_JOB_ID=${env.jobId}`,
    `HPCQ_JOB_NAME=${shellQuote(name)}`,
    'HPCQ_ARRAY_INDEX="${_hpcq_index:-}"',
    'HPCQ_ARRAY_COUNT="${_hpcq_count:-}"',
    `HPCQ_NODES=${env.nodes}`,
    `HPCQ_CORES=${env.cores}`,
    `HPCQ_SUBMIT_DIR=${env.submitDir}`,
  ].join(' ');
}
