/**
 * Headless Chromium for report tests: Debian's `chromium` driven by playwright-core, launched
 * offline with a fresh profile. `describeChromium` skips loudly when the browser is missing,
 * and fails instead when CI=true (CI must install it: `apt-get install -y chromium`).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';

/** Debian's chromium; HPCQ_CHROMIUM points elsewhere (also how the missing-browser paths are tried). */
export const CHROMIUM = process.env.HPCQ_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `describe` when Chromium is installed; otherwise a loud skip, or a failing test under CI=true. */
export function describeChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const why = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.CI === 'true') {
    describe(name, () => it('needs Chromium under CI', () => {
      throw new Error(`${why}: CI=true, so the report test must not be skipped`);
    }));
    return;
  }
  process.stderr.write(`\n*** SKIPPING "${name}": ${why} ***\n\n`);
  describe.skip(name, body);
}

/** A browser context on a fresh user-data dir; `close()` ends the browser and removes the dir. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'hpcq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, offline: true });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
