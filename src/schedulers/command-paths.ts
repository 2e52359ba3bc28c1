/**
 * Where a back-end's commands live on a host. Two schedulers may both own `qsub` (Grid Engine's
 * client and Slurm's Torque wrapper collide in /usr/bin), so a site sets a directory per back-end
 * and, when hosts differ, per host. First match wins:
 *   1. env `HPCQ_<NAME>_BIN` (`HPCQ_SGE_BIN=/usr/lib/gridengine/bin`), on this machine only;
 *   2. config `[schedulers] <name>_bin.<host> = DIR`, `<host>` the Host's name (`ann@login1:22`)
 *      or its bare host name (`login1`; `localhost` for this machine);
 *   3. config `[schedulers] <name>_bin = DIR`, every host.
 * Unset: the command is looked up on PATH as it is.
 */
import { posix } from 'node:path';
import { getOption } from '../profiles/index.js';
import type { Host } from '../util/host.js';
import { createLogger } from '../util/log.js';
import type { BatchBackend } from './backend.js';

const log = createLogger('queue');

/** `ann@login1:22` → `login1`. */
function bareHost(name: string): string {
  return name.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
}

function configured(key: string): string | undefined {
  try {
    const value = getOption('schedulers', key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  } catch (err) {
    log.warn(`[schedulers] ${key} not read from the config: ${(err as Error).message}`);
    return undefined;
  }
}

/** The directory holding `backend`'s commands on `host`, or undefined for PATH. */
export function commandDir(backend: Pick<BatchBackend, 'name'>, host: Pick<Host, 'name' | 'remote'>): string | undefined {
  const env = process.env[`HPCQ_${backend.name.toUpperCase()}_BIN`];
  if (!host.remote && env && env.trim() !== '') return env.trim();
  const key = `${backend.name}_bin`;
  return configured(`${key}.${host.name}`) ?? configured(`${key}.${bareHost(host.name)}`) ?? configured(key);
}

/** argv with the back-end's command directory applied to argv[0] when it is one of its commands. */
export function withCommandDir(argv: readonly string[], backend: Pick<BatchBackend, 'commands'>, dir: string | undefined): string[] {
  const [cmd, ...rest] = argv;
  if (!dir || cmd === undefined || cmd.includes('/') || !backend.commands.includes(cmd)) return [...argv];
  return [posix.join(dir, cmd), ...rest];
}
