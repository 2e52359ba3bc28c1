/**
 * What makes a JobRecord valid, checked field by field: the rules every parser must keep on
 * any input (the shared-fixture test and the parser fuzzing both use it).
 */
import type { JobState, StateReason } from '../../src/types.js';

const STATES: ReadonlySet<JobState> = new Set(['pending', 'held', 'running', 'suspended', 'completing', 'completed', 'failed', 'cancelled', 'unknown']);
const REASONS: ReadonlySet<StateReason> = new Set([
  'nonzero_exit', 'signal', 'timeout', 'out_of_memory', 'node_fail', 'preempted', 'boot_fail', 'deadline',
  'dependency_never_satisfied', 'launch_failed', 'vanished',
]);
const OPTIONAL_STRINGS = ['arrayIndex', 'name', 'user', 'partition', 'pendingReason'];
const OPTIONAL_COUNTS = ['nodeCount', 'cpus'];
const OPTIONAL_TIMES = ['submitTime', 'startTime', 'endTime'];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Every way `value` falls short of a JobRecord parsed from `text` (empty when it is one). A
 * record's `baseId` must occur in the text: a parser never invents a job.
 */
export function recordProblems(value: unknown, text: string): string[] {
  if (value === null || typeof value !== 'object') return ['not an object'];
  const r = value as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['id', 'baseId']) {
    const v = r[key];
    if (typeof v !== 'string' || v.trim() === '' || v !== v.trim()) out.push(`${key} ${JSON.stringify(v)}`);
  }
  if (typeof r.baseId === 'string' && r.baseId !== '' && !text.includes(r.baseId)) out.push(`baseId ${r.baseId} is not in the text`);
  if (!STATES.has(r.state as JobState)) out.push(`state ${JSON.stringify(r.state)}`);
  if (r.reason !== undefined && !REASONS.has(r.reason as StateReason)) out.push(`reason ${JSON.stringify(r.reason)}`);
  if (typeof r.rawState !== 'string') out.push('rawState is not a string');
  if (r.exitCode !== null && !isInt(r.exitCode)) out.push(`exitCode ${String(r.exitCode)}`);
  if (r.signal !== null && !(isInt(r.signal) && r.signal >= 1 && r.signal <= 64)) out.push(`signal ${String(r.signal)}`);
  // Success is never a default: a completed job exited 0.
  if (r.state === 'completed' && r.exitCode !== 0) out.push(`completed with exit code ${String(r.exitCode)}`);
  for (const key of OPTIONAL_STRINGS) if (r[key] !== undefined && typeof r[key] !== 'string') out.push(`${key} is not a string`);
  for (const key of OPTIONAL_COUNTS) if (r[key] !== undefined && !(isInt(r[key]) && (r[key] as number) >= 0)) out.push(`${key} ${String(r[key])}`);
  for (const key of OPTIONAL_TIMES) {
    const v = r[key];
    if (v !== undefined && !(v instanceof Date && !Number.isNaN(v.getTime()))) out.push(`${key} is not a valid Date`);
  }
  if (r.nodes !== undefined && !(Array.isArray(r.nodes) && r.nodes.every((n) => typeof n === 'string' && n !== ''))) out.push('nodes');
  return out;
}
