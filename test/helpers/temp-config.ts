/** Point HPCQ_CONFIG at a fresh temp file for each test of the calling file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

/** The current test's config directory and file (updated before each test). */
export interface TempConfig {
  dir: string;
  file: string;
}

export function useTempConfig(prefix: string): TempConfig {
  const cfg: TempConfig = { dir: '', file: '' };
  beforeEach(() => {
    cfg.dir = mkdtempSync(join(tmpdir(), prefix));
    cfg.file = join(cfg.dir, 'config.ini');
    vi.stubEnv('HPCQ_CONFIG', cfg.file);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(cfg.dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return cfg;
}

/**
 * One temp directory for the whole calling file, with HPCQ_CONFIG pointing at a config.ini in it
 * (a minimal `[prof_default]`); both are restored and removed after the file's tests.
 */
export function useFileTempConfig(prefix: string): TempConfig {
  const cfg: TempConfig = { dir: '', file: '' };
  const oldConfig = process.env.HPCQ_CONFIG;
  beforeAll(async () => {
    cfg.dir = await mkdtemp(join(tmpdir(), prefix));
    cfg.file = join(cfg.dir, 'config.ini');
    process.env.HPCQ_CONFIG = cfg.file;
    await writeFile(cfg.file, '[prof_default]\nnodes = 1\n');
  });
  afterAll(async () => {
    if (oldConfig === undefined) delete process.env.HPCQ_CONFIG;
    else process.env.HPCQ_CONFIG = oldConfig;
    await rm(cfg.dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return cfg;
}
