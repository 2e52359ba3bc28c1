/** `hpcq profile list|show|set|delete|path`: saved option sets in the config file. */
import { encode } from 'ini';
import { ProfileError } from '../../errors.js';
import { configPath, deleteProfile, getProfile, listProfiles, rawProfiles, updateProfile } from '../../profiles/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG } from '../flags.js';
import { UsageError } from '../parse.js';

const USAGE = 'list | show [NAME] [--json] | set NAME key=value... | delete NAME | path';

/** Parse `key=value` words into an options object (values stay strings; checkOptions coerces them). */
export function keyValues(words: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected key=value, got '${word}'\nUsage: hpcq profile ${USAGE}`);
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/** Profiles as the user wrote them: INI text, or JSON. */
function show(name: string | undefined, json: boolean): string {
  const all = rawProfiles();
  if (name !== undefined && !all[name]) getProfile(name); // throws the ProfileError that lists the profiles
  const chosen = name === undefined ? all : { [name]: all[name]! };
  if (json) return `${JSON.stringify(name === undefined ? chosen : chosen[name], null, 2)}\n`;
  return Object.entries(chosen).map(([n, values]) => encode(values, { section: n, whitespace: true }) || `[${n}]\n`).join('\n');
}

function needName(action: string, name: string | undefined): string {
  if (!name) throw new UsageError(`profile ${action}: give a profile name\nUsage: hpcq profile ${USAGE}`);
  return name;
}

/** `hpcq profile ...`. */
export const profileCommand: CliCommand = {
  name: 'hpcq profile',
  summary: 'Manage profiles: saved option sets ([prof_NAME] sections of the config file).',
  usage: USAGE,
  flags: { json: { type: 'boolean', help: 'show: print JSON.' }, ...HELP_FLAG },
  notes: "'show' without a name lists every profile. 'set' changes only the keys given and keeps the rest of the file as written.",
  async run(line) {
    const [action = 'list', name, ...rest] = line.positionals;
    switch (action) {
      case 'list':
        process.stdout.write(`${listProfiles().join('\n')}\n`);
        return EXIT.ok;
      case 'show':
        process.stdout.write(show(name, line.values.json === true));
        return EXIT.ok;
      case 'set': {
        const changes = keyValues(rest);
        if (Object.keys(changes).length === 0) throw new UsageError(`profile set: give key=value pairs\nUsage: hpcq profile ${USAGE}`);
        // Only the keys given change; the rest of the file stays as the user wrote it.
        updateProfile(needName(action, name), changes);
        process.stdout.write(`Saved profile ${name} in ${configPath()}\n`);
        return EXIT.ok;
      }
      case 'delete':
        if (!deleteProfile(needName(action, name))) throw new ProfileError(`No profile '${name}' in ${configPath()} (profiles: ${listProfiles().join(', ')})`);
        process.stdout.write(`Deleted profile ${name} from ${configPath()}\n`);
        return EXIT.ok;
      case 'path':
        process.stdout.write(`${configPath()}\n`);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown profile action '${action}'\nUsage: hpcq profile ${USAGE}`);
    }
  },
};
