import { deleteProfile, getProfile, listProfiles, updateProfile, configPath } from '../../profiles/index.js';
import { UsageError } from '../parse.js';
import type { ParsedArgs } from '../args.js';

const USAGE = 'hpcq profile list | show [NAME] | set NAME key=value... | delete NAME | path';

/** Parse `key=value` words into an options object (values stay strings; checkOptions coerces them). */
export function keyValues(words: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`Expected key=value, got '${word}'. Usage: ${USAGE}`);
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/** `hpcq profile ...`: manage saved option sets in the config file. */
export async function profileCommand(args: ParsedArgs): Promise<number> {
  const [action = 'list', name, ...rest] = args.positionals;
  switch (action) {
    case 'list':
      process.stdout.write(`${listProfiles().join('\n')}\n`);
      return 0;
    case 'show':
      process.stdout.write(`${JSON.stringify(getProfile(name ?? 'default'), null, 2)}\n`);
      return 0;
    case 'set':
      if (!name) throw new UsageError(`profile set: give a profile name. Usage: ${USAGE}`);
      // Only the keys given change; the rest of the file stays as the user wrote it.
      updateProfile(name, keyValues(rest));
      process.stdout.write(`Saved profile ${name} in ${configPath()}\n`);
      return 0;
    case 'delete':
      if (!name) throw new UsageError(`profile delete: give a profile name. Usage: ${USAGE}`);
      deleteProfile(name);
      return 0;
    case 'path':
      process.stdout.write(`${configPath()}\n`);
      return 0;
    default:
      throw new UsageError(`Unknown profile action '${action}'. Usage: ${USAGE}`);
  }
}
