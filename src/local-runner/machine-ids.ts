/**
 * Job ids for the runner behind `qtype: 'local'` that no other hpcq process of this user on this
 * machine hands out, so one process can name another's job (`hpcq submit --depends afterok:ID`
 * from the shell, `hpcq wait ID`) the way a cluster's ids are unique. A process claims a block of
 * BLOCK ids by creating the block's directory under the state dir (mkdir is atomic, so two
 * processes never get the same block): the first process gets 1-1000, the next 1001-2000, and so
 * on. Ids are never reused, since ledgers and status files name them.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../util/log.js';

const log = createLogger('local-runner');

/** Ids per claimed block. */
export const BLOCK = 1000;

/** `$XDG_STATE_HOME/hpcq/local-ids`, else `~/.local/state/hpcq/local-ids`. */
export function localIdsDir(): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'hpcq', 'local-ids');
}

/** The first block number not claimed yet (a hint: the claim itself decides). */
function firstFree(dir: string): number {
  let top = -1;
  for (const name of readdirSync(dir)) if (/^\d+$/.test(name)) top = Math.max(top, Number(name));
  return top + 1;
}

/** Claim a free block; with no usable state dir, the block of this process id (unique among running processes). */
function claimBlock(dir: string): number {
  try {
    mkdirSync(dir, { recursive: true });
    for (let k = firstFree(dir); ; k++) {
      try {
        mkdirSync(join(dir, String(k)));
        return k;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  } catch (err) {
    log.warn(`cannot claim local job ids in ${dir} (${(err as Error).message}); ids of this process are unique only among running processes`);
    return process.pid;
  }
}

/** A source of machine-wide unique ids: a new block is claimed on first use and when one runs out. */
export function machineIdSource(dir: string = localIdsDir()): () => string {
  let next = 0;
  let end = 0;
  return () => {
    if (next >= end) {
      const block = claimBlock(dir);
      next = block * BLOCK + 1;
      end = next + BLOCK;
    }
    return String(next++);
  };
}
