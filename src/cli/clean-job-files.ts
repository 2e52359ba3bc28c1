#!/usr/bin/env node
/** `clean_job_files [-d DIR] [-s SUFFIX] [-q QTYPE] [-n] [--dry-run] [-v]`: delete the job files hpcq wrote. */
import { runCommand, type CliCommand } from './command.js';
import { CLEAN_FLAGS, cleanCommand } from './commands/clean.js';
import { reportError } from './errors.js';

const command: CliCommand = {
  name: 'clean_job_files',
  summary: 'clean_job_files: delete the job files hpcq wrote (scripts, outputs, payloads), and nothing else.',
  usage: '[-d DIR] [-s SUFFIX] [-q QTYPE] [-n] [--dry-run] [-v] [--remote URL] [DIR]',
  flags: CLEAN_FLAGS,
  notes: 'Without -n it lists the files and asks on a terminal; off a terminal it deletes nothing.\nFiles of jobs still queued or running are never deleted.',
  run: cleanCommand,
};

process.exitCode = await runCommand(command, process.argv.slice(2)).catch((err: unknown) => reportError('clean_job_files', err));
