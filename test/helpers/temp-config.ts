/** Point HPCQ_CONFIG at a fresh temp file for each test of the calling file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

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
    rmSync(cfg.dir, { recursive: true, force: true });
  });
  return cfg;
}
