/**
 * The run report in a real headless Chromium: a small local workflow (a dependency chain, a
 * failing command, a failing function, a job whose dependency can never hold), rendered,
 * opened offline, counted, clicked through and photographed.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { submit, type Job } from '../../src/api/index.js';
import { peekDefaultRunner } from '../../src/local-runner/index.js';
import { renderReport } from '../../src/report/index.js';
import { useFileTempConfig } from '../helpers/temp-config.js';
import { describeChromium, launchChromium } from './chromium.js';

const config = useFileTempConfig('hpcq-report-');
/** The few browser globals the page-side code uses (the project compiles without the DOM lib). */
interface BrowserGlobals {
  getComputedStyle(el: unknown): { fill: string };
}

/** Runs in the browser: decode a PNG and count its colours and the outcome colours' pixels. */
const PIXEL_SURVEY = `async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const colours = new Set();
  let red = 0;
  let green = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (r === 198 && g === 40 && b === 40) red++;
    if (r === 46 && g === 125 && b === 50) green++;
  }
  return { width: img.width, height: img.height, colours: colours.size, red, green };
}`;
const HOSTILE = `<img src=x onerror=alert(1)>"&'`;

describeChromium('hpcq report in Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let jobs: Job[] = [];
  let reportPath = '';
  beforeAll(async () => {
    const filedir = join(config.dir, 'run');
    const local = { qtype: 'local', filedir } as const;
    const prepare = await submit('sleep 1; echo prepared', { ...local, name: 'prepare' });
    const compute = await submit('sleep 1; echo computing; echo oops >&2; exit 3', { ...local, name: 'compute', depends: prepare });
    const publish = await submit('echo never', { ...local, name: 'publish', depends: compute });
    const cleanup = await submit('echo cleanup', { ...local, name: HOSTILE, depends: { afterany: [compute] } });
    const check = await submit(function check(): never {
      throw new RangeError('value out of range');
    }, { ...local, depends: prepare });
    jobs = [prepare, compute, publish, cleanup, check];
    await Promise.all(jobs.map((j) => j.wait()));
    // Written outside the filedir, so the output links must be relative paths that climb out of it.
    reportPath = join(config.dir, 'pages', 'report.html');
    await mkdir(join(config.dir, 'pages'));
    await writeFile(reportPath, await renderReport({ dir: filedir, out: reportPath }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await peekDefaultRunner()?.close();
  });

  it('the workflow ended as planned', () => {
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'failed', 'cancelled', 'completed', 'failed']);
  });

  it('shows one bar per job, marks the failed ones, and links to outputs that exist', async () => {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    const url = pathToFileURL(reportPath).href;
    await page.goto(url);
    // Nothing but the page itself was fetched, and the hostile name ran nothing.
    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img, script').count()).toBe(0);

    const bars = page.locator('svg.timeline g.bar');
    expect(await bars.count()).toBe(jobs.length);
    const outcomes = await bars.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-outcome')));
    expect(outcomes).toEqual(['completed', 'failed', 'cancelled', 'completed', 'failed']);
    // The failed bars are drawn red, the completed ones green.
    const fill = (i: number): Promise<string> => bars.nth(i).locator('rect.ran').evaluate((r) => (globalThis as unknown as BrowserGlobals).getComputedStyle(r).fill);
    expect(await fill(1)).toBe('rgb(198, 40, 40)');
    expect(await fill(0)).toBe('rgb(46, 125, 50)');
    expect(await bars.nth(1).locator('text.exit').textContent()).toBe('exit 3');

    const rows = page.locator('table.jobs tbody tr');
    expect(await rows.count()).toBe(jobs.length);
    const failedRow = page.locator('tr.outcome-failed', { hasText: 'compute' });
    expect(await failedRow.locator('.state').textContent()).toBe('failed');
    expect(await failedRow.textContent()).toContain('nonzero_exit');
    expect(await page.locator('tr.outcome-failed', { hasText: 'check' }).textContent()).toContain('RangeError: value out of range');
    expect(await page.locator('tr.outcome-cancelled').textContent()).toContain('dependency_never_satisfied');
    expect(await page.locator('table.jobs').textContent()).toContain(HOSTILE);

    // The graph: every job a node, four edges (compute, publish, cleanup and check depend on something).
    expect(await page.locator('svg.graph g.node').count()).toBe(jobs.length);
    expect(await page.locator('svg.graph path.edge').count()).toBe(4);
    expect(await page.locator('svg.graph path.edge.kind-afterany').count()).toBe(1);

    // Every output link resolves to the job's own file: each job that ran has both, and a job
    // that never ran has links only if its (empty) files were created when it was submitted.
    const hrefs = await page.locator('a.output').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    const ran = jobs.filter((j) => j.state !== 'cancelled').flatMap((j) => [j.files.out, j.files.err]);
    const expected = [...ran, ...[jobs[2]!.files.out, jobs[2]!.files.err].filter((p) => existsSync(p))];
    expect(ran).toHaveLength(8);
    expect(hrefs.map((h) => fileURLToPath(h)).sort()).toEqual(expected.sort());
    for (const h of hrefs) expect(existsSync(fileURLToPath(h))).toBe(true);
    const computeOut = hrefs.map((h) => fileURLToPath(h)).find((p) => p === jobs[1]!.files.err)!;
    expect(await readFile(computeOut, 'utf8')).toBe('oops\n');
    await page.close();
  });

  it('renders to a screenshot with the outcome colours in it', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(reportPath).href);
    const shot = join(config.dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.HPCQ_REPORT_SCREENSHOT) await copyFile(shot, process.env.HPCQ_REPORT_SCREENSHOT);
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await stat(shot)).size).toBeGreaterThan(20_000);
    // Decode it in a blank page (the report's own policy forbids images) and look at the pixels.
    const blank = await browser.context.newPage();
    const pixels = (await blank.evaluate(`(${PIXEL_SURVEY})(${JSON.stringify(png.toString('base64'))})`)) as { width: number; colours: number; red: number; green: number };
    expect(pixels.width).toBeGreaterThanOrEqual(1280);
    expect(pixels.colours).toBeGreaterThan(50);
    expect(pixels.red).toBeGreaterThan(100);
    expect(pixels.green).toBeGreaterThan(100);
    await blank.close();
    await page.close();
  });
});
