/**
 * Which scheduler a host offers: the registry's back-ends asked in order (the first `detect`
 * that says yes wins), else hpcq's local runner on this machine. The one detection of hpcq.
 */
import { posix } from 'node:path';
import { HpcqError } from '../errors.js';
import type { Host } from '../util/host.js';
import type { BatchBackend, Probe } from './backend.js';
import { commandDir } from './command-paths.js';
import { createCommandRunner, schedulerEnvPattern } from './command-runner.js';
import { BACKENDS, LOCAL, type Qtype } from './registry.js';

/** What a back-end may ask of `host` while detecting itself (and while choosing its variant). */
export function createProbe(backend: BatchBackend, host: Host): Probe {
  const runner = createCommandRunner(backend, host, schedulerEnvPattern(BACKENDS));
  return {
    async has(command) {
      const dir = commandDir(backend, host);
      if (dir) return (await host.stat(posix.join(dir, command)).catch(() => undefined)) !== undefined;
      return host.which(command);
    },
    run: async (argv) => (await runner.attempt(argv, { timeoutMs: 15_000 })).result,
    async env(name) {
      if (!host.remote) return process.env[name];
      const { result } = await runner.attempt(['printenv', name], { timeoutMs: 15_000 });
      return result.exitCode === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : undefined;
    },
  };
}

const detected = new Map<string, Promise<Qtype>>();

/**
 * The scheduler of `host` (asked once per host and process): the first back-end of the registry
 * whose `detect` says yes; 'local' on this machine when none does. A remote host without any
 * scheduler is an error (there is no local runner over SSH).
 */
export function detectScheduler(host: Host): Promise<Qtype> {
  let found = detected.get(host.name);
  if (!found) {
    found = (async () => {
      for (const backend of BACKENDS) if (await backend.detect(createProbe(backend, host))) return backend.name;
      if (host.remote) throw new HpcqError(`No batch scheduler found on ${host.name} (looked for ${BACKENDS.map((b) => b.title).join(', ')}); pass qtype`);
      return LOCAL;
    })();
    // A failed detection (connection lost) is asked again next time.
    found.catch(() => detected.delete(host.name));
    detected.set(host.name, found);
  }
  return found;
}

/** Forget detection results (tests that change PATH or command directories). */
export function forgetDetection(): void {
  detected.clear();
}
