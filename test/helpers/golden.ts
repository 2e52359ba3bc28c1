/**
 * Golden files: text compared byte for byte with a checked-in file. A missing or different golden
 * fails the test; it is (re)written only when a developer asks (HPCQ_UPDATE_GOLDEN=1), and never
 * under CI, so a test can never pass by writing its own expectation.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Whether this run may write golden files. */
export function mayUpdateGolden(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HPCQ_UPDATE_GOLDEN === '1' && env.CI !== 'true' && env.CI !== '1';
}

/** Expect `text` to equal the golden file at `path` (see the file comment). */
export function expectGolden(path: string, text: string, env: NodeJS.ProcessEnv = process.env): void {
  if (mayUpdateGolden(env)) writeFileSync(path, text);
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing; run with HPCQ_UPDATE_GOLDEN=1 (outside CI) to write it, and review it`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}
