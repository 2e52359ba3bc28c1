#!/usr/bin/env node
/** Entry point of the `hpcq` binary. */
import { main } from './run.js';

process.exitCode = await main(process.argv.slice(2));
