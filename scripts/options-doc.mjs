#!/usr/bin/env node
// Writes docs/options.md from the options table (run through `npm run docs`, which builds first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionsMarkdown } from '../dist/options/index.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'options.md');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, optionsMarkdown());
console.log(`wrote ${out}`);
