#!/usr/bin/env node
/** `clean_job_files [DIR] [--suffix S] [--qtype Q] [--dry-run] [--yes]`: delete the job files hpcq wrote. */
import { HpcqError } from '../errors.js';
import { parseArgs } from './args.js';
import { cleanCommand } from './commands/clean.js';

const args = parseArgs(process.argv.slice(2), new Set(['dry-run', 'n', 'yes', 'y', 'help', 'h']), { n: 'dry-run', y: 'yes', s: 'suffix' });
if (args.flags.has('help') || args.flags.has('h')) {
  process.stdout.write('Usage: clean_job_files [DIR] [--suffix S] [--qtype slurm|torque|local] [--dry-run] [--yes]\n');
} else {
  try {
    process.exitCode = await cleanCommand(args);
  } catch (err) {
    process.stderr.write(`clean_job_files: ${err instanceof HpcqError ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
