/**
 * The Jobs this process submitted, by `<qtype>:<host>:<id>`, so that `wait('123')` and
 * `Job.follow` find the Job object (with its files and result) instead of a bare id.
 */
import type { Qtype } from '../types.js';
import type { Host } from '../util/host.js';

const registry = new Map<string, object>();

function keyOf(id: string, qtype: Qtype, host: Host): string {
  return `${qtype}:${host.name}:${id}`;
}

/** Remember the Job that was just submitted with `id`. */
export function registerJob(job: object, id: string, qtype: Qtype, host: Host): void {
  registry.set(keyOf(id, qtype, host), job);
}

/** The Job this process submitted with that id on that host, if any. */
export function registeredJob<J extends object>(id: string, qtype: Qtype, host: Host): J | undefined {
  return registry.get(keyOf(id, qtype, host)) as J | undefined;
}
