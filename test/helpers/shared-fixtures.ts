/**
 * The shared scheduler-output fixtures (`../shared/fixtures` beside the checkout, or beside
 * the folder holding it when the checkout is a git worktree), read only when present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');

/** The fixtures folder, or undefined on a machine without it (tests then skip). */
export const sharedFixturesRoot: string | undefined = [dirname(repo), dirname(dirname(repo))]
  .map((d) => join(d, 'shared', 'fixtures'))
  .find((d) => existsSync(join(d, 'README.md')));

/** `slurm/x.txt`-style paths of every fixture in the given scheduler folders. */
export function sharedFixtureFiles(dirs: string[]): string[] {
  const root = sharedFixturesRoot;
  if (!root) return [];
  return dirs.filter((d) => existsSync(join(root, d))).flatMap((d) => readdirSync(join(root, d)).map((f) => `${d}/${f}`));
}

/** The text of one shared fixture (`slurm/x.txt`). */
export function readSharedFixture(path: string): string {
  return readFileSync(join(sharedFixturesRoot!, path), 'utf8');
}
