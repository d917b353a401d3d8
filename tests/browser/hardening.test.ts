/**
 * The viewer under hostile or careless input (issue 12), in chromium for real:
 * shared links are checked like the form and refused ones never run; a running
 * job can be cancelled and a reload does not start it again; a run the work
 * estimate refuses is not started; oversized uploads and tornado files are
 * refused before they are read; names like `constructor` load; text from a
 * scenario or a CSV is never read as HTML; exported CSV cells cannot run as
 * spreadsheet formulas. Screenshots go to dist/screenshots/hardening-*.png.
 */
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCells } from '../../engine/csv.ts';
import type { Results } from '../../engine/results.ts';
import { labelLines } from '../../web/charts/tornado.ts';
import { seriesBlob } from '../../web/exports.ts';
import { repo, startViewer, type Viewer } from './browser.ts';

const shots = join(repo, 'dist', 'screenshots');
const scratch = join(repo, 'dist', 'hardening-files');
const DEFAULT = 'liverpool-waves-of-hope.yaml';
const defaultText = (): string => readFileSync(join(repo, 'scenarios', DEFAULT), 'utf8');

let viewer: Viewer | undefined;
let page: Page;
let url: string;

/**
 * Records every value the page's data-state and status take, from before the
 * page's own script runs, so a test can say a run never started.
 */
async function recordStates(p: Page): Promise<void> {
  await p.addInitScript(() => {
    const w = window as unknown as { __seen: string[] };
    w.__seen = [];
    if (!document.documentElement) return; // about:blank
    new MutationObserver(() => {
      const state = document.body?.dataset.state ?? '';
      const status = document.getElementById('status')?.textContent ?? '';
      const now = `${state}|${status}`;
      if (w.__seen[w.__seen.length - 1] !== now) w.__seen.push(now);
    }).observe(document.documentElement, { subtree: true, attributes: true, childList: true, characterData: true });
  });
}
const seen = (p: Page = page): Promise<string[]> => p.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
/** True when a run of replications started: the worker reported progress, or results came. */
const ran = async (p: Page = page): Promise<boolean> => (await seen(p)).some((s) => /Running: \d+ of|^done\|/.test(s));

const errorText = (p: Page = page): Promise<string | null> => p.locator('#error-text').textContent();

beforeAll(async () => {
  viewer = await startViewer('web-hardening');
  url = viewer.url;
  page = await viewer.open();
  await recordStates(page);
  mkdirSync(shots, { recursive: true });
  mkdirSync(scratch, { recursive: true });
}, 60_000);

afterAll(async () => {
  await viewer?.close();
});

describe('viewer hardening', () => {
  it('refuses a shared link with replications=100000000 before running, names the range, and a reload does not run it', async () => {
    const link = `${url}#scenario=${DEFAULT}&seed=1&replications=100000000`;
    await page.goto(link);
    await page.waitForSelector('body[data-state="refused"]', { timeout: 10_000 });
    expect(await page.locator('#errors').isVisible()).toBe(true);
    expect(await page.locator('#errors-title').textContent()).toContain('This link was not run');
    expect(await errorText()).toBe('replications=100000000: must be a whole number from 1 to 5,000');
    expect(await page.locator('#replications').getAttribute('aria-invalid')).not.toBeNull();
    expect(await page.locator('#replications').inputValue()).toBe('100000000');
    expect(await page.locator('#results').isHidden()).toBe(true);
    expect(await page.locator('#cancel').isHidden()).toBe(true);
    await page.screenshot({ path: join(shots, 'hardening-1-refused-link.png'), fullPage: true });
    expect(await ran()).toBe(false);

    await page.reload();
    await page.waitForSelector('body[data-state="refused"]', { timeout: 10_000 });
    await page.waitForTimeout(300);
    expect(await ran()).toBe(false);
    expect(await seen()).not.toContainEqual(expect.stringMatching(/^running\|/));

    // The form refuses the same value with the same words: the link and the panel share one check.
    await page.click('#run');
    await expect.poll(() => page.locator('#errors-title').textContent()).toBe('These settings cannot be run');
    expect(await errorText()).toBe('Replications must be a whole number from 1 to 5,000; found "100000000"');
    expect(await page.locator('#replications').getAttribute('aria-invalid')).not.toBeNull();
    for (const bad of ['0', '2.5', '5001', '']) {
      await page.fill('#replications', bad);
      await page.click('#run');
      await expect.poll(() => errorText()).toBe(`Replications must be a whole number from 1 to 5,000; found ${bad ? `"${bad}"` : 'nothing'}`);
    }
    expect(await ran()).toBe(false);
  });

  it('names every other refused link parameter: scenario, compare, set, seed and unknown ones', async () => {
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=constructor&compare=../toString&set=services.nothing.fte%3D3&set=justtext&seed=${'x'.repeat(101)}&bogus=1&replications=20&replications=30`);
    await page.waitForSelector('body[data-state="refused"]', { timeout: 10_000 });
    const lines = (await errorText())!.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^"bogus" is not a link parameter/),
        'replications is given more than once; give it once',
        expect.stringMatching(/^scenario=constructor is not a bundled scenario; give one of .*liverpool-waves-of-hope\.yaml/),
        expect.stringMatching(/^compare=\.\.\/toString is not a bundled scenario/),
        'seed=(101 characters): must be at most 100 characters',
        expect.stringMatching(/^set=justtext is not path=value/),
      ]),
    );
    // A set path the panel does not offer is refused by name, not dropped without a word.
    await page.goto(`${url}#scenario=${DEFAULT}&set=services.nothing.staff.fte%3D3`);
    await page.waitForSelector('body[data-state="refused"]', { timeout: 10_000 });
    expect(await errorText()).toMatch(/^set=services\.nothing\.staff\.fte=3: the panel has no parameter services\.nothing\.staff\.fte for liverpool-waves-of-hope\.yaml/);
    expect(await ran()).toBe(false);
    expect(viewer!.errors).toEqual([]);
  });

  it('refuses a run the work estimate puts beyond the limits, from a link or the panel, naming the field', async () => {
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=${DEFAULT}&replications=5`);
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    // The referral rate's field, whatever path the panel gives it: 10,000,000 a month.
    const referrals = await page.locator('[data-param^="referrals."]').first().getAttribute('data-param');
    expect(referrals).toBeTruthy();
    const before = await seen();
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=${DEFAULT}&replications=5&set=${encodeURIComponent(`${referrals}=120000000 per year`)}`);
    await expect.poll(() => page.locator('#errors-title').textContent(), { timeout: 20_000 }).toBe('This run is too big for the viewer, so nothing was run');
    expect(await errorText()).toMatch(new RegExp(`^${referrals!.replace(/[.[\]]/g, '\\$&')}: about [\\d,]+ people a replication .* more than the limit of [\\d,]+\\.\\n  fix: lower the count or rate`));
    expect(await errorText()).toContain('the viewer keeps to the limits');
    expect((await seen()).slice(before.length).some((s) => /Running: \d+ of/.test(s))).toBe(false);
    expect(await page.locator('#progress').evaluate((e) => (e as HTMLProgressElement).value)).toBe(0);
    expect(await page.locator('#cancel').isHidden()).toBe(true);
    await page.screenshot({ path: join(shots, 'hardening-2-too-big.png'), fullPage: true });

    // A horizon of 100,000 years typed into the panel.
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=${DEFAULT}&replications=5`);
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    await page.locator('[data-param="horizon"]').fill('100000');
    await page.locator('[data-param="horizon"]').dispatchEvent('change');
    await page.click('#run');
    await expect.poll(() => errorText(), { timeout: 20_000 }).toMatch(/^horizon: a horizon of 100,000 years is longer than the limit of 1,000 years/);
  });

  it('cancels a running job from its Cancel button, and a reload shows the link without running it again', async () => {
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=${DEFAULT}&seed=1&replications=5000`);
    await expect.poll(() => page.locator('#progress').evaluate((e) => (e as HTMLProgressElement).value), { timeout: 20_000 }).toBeGreaterThan(0);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    expect(await cancel.isVisible()).toBe(true);
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'hardening-3-running.png'), fullPage: true });
    await cancel.click();
    await page.waitForSelector('body[data-state="cancelled"]');
    expect(await page.locator('#status').textContent()).toMatch(/^Cancelled: nothing more is running/);
    expect(await cancel.isHidden()).toBe(true);
    expect(await page.locator('#run').isEnabled()).toBe(true);
    // The worker is gone: its progress no longer moves.
    const at = await page.locator('#progress').evaluate((e) => (e as HTMLProgressElement).value);
    expect(at).toBeLessThan(5000);
    await page.waitForTimeout(1500);
    expect(await page.locator('#progress').evaluate((e) => (e as HTMLProgressElement).value)).toBe(at);
    expect(await page.locator('#status').textContent()).toMatch(/^Cancelled/);

    await page.reload();
    await page.waitForSelector('body[data-state="held"]', { timeout: 10_000 });
    expect(await page.locator('#status').textContent()).toContain('so it was not started again. Press Run to run it.');
    expect(await page.locator('#replications').inputValue()).toBe('5000');
    await page.waitForTimeout(500);
    expect(await ran()).toBe(false);
    await page.screenshot({ path: join(shots, 'hardening-4-held-after-reload.png'), fullPage: true });

    // A fresh worker runs the next job; a finished run's link runs again on reload.
    await page.fill('#replications', '10');
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    await page.reload();
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^Done: 10 replications/);
    expect(viewer!.errors).toEqual([]);
  });

  it('refuses a 60 MB scenario upload at once, before reading it', async () => {
    const big = join(scratch, 'huge-scenario.yaml');
    writeFileSync(big, '');
    truncateSync(big, 60 * 1024 * 1024);
    expect(statSync(big).size).toBe(60 * 1024 * 1024);
    const editorBefore = await page.locator('#editor').inputValue();
    const t0 = Date.now();
    await page.setInputFiles('#upload', big);
    await page.locator('#errors').waitFor({ state: 'visible', timeout: 5_000 });
    expect(Date.now() - t0, 'ms to the message').toBeLessThan(2_000);
    expect(await page.locator('#errors-title').textContent()).toBe('This file was not opened');
    expect(await errorText()).toMatch(/^huge-scenario\.yaml is 60 MB \(62,914,560 bytes\); the viewer opens scenario files of up to 1\.0 MB \(1,048,576 bytes\), so it was not read/);
    expect(await page.locator('#editor').inputValue()).toBe(editorBefore);
    await page.screenshot({ path: join(shots, 'hardening-5-big-upload.png'), fullPage: true });
  });

  it('refuses a 200,000-row tornado.csv at once, and a long one under the size limit by its row count', async () => {
    await page.setInputFiles('#tornado-file', join(repo, 'web', 'sample-tornado.csv'));
    await expect.poll(() => page.locator('[data-chart="tornado"] g.row').count()).toBe(5);
    const rows = (n: number): string => `parameter,low,high,base,metric\n${Array.from({ length: n }, (_, i) => `p${i},${i},${i + 1},1,m`).join('\n')}\n`;
    const huge = join(scratch, 'tornado-200k.csv');
    writeFileSync(huge, rows(200_000));
    expect(statSync(huge).size).toBeGreaterThan(1024 * 1024);
    let t0 = Date.now();
    await page.setInputFiles('#tornado-file', huge);
    await expect.poll(() => page.locator('#tornado-error-text').textContent(), { timeout: 5_000 }).toMatch(/^tornado-200k\.csv is [\d.]+ MB .*the viewer opens tornado\.csv files of up to 1\.0 MB/);
    expect(Date.now() - t0).toBeLessThan(2_000);
    const long = join(scratch, 'tornado-20k.csv');
    writeFileSync(long, rows(20_000));
    expect(statSync(long).size).toBeLessThan(1024 * 1024);
    t0 = Date.now();
    await page.setInputFiles('#tornado-file', long);
    await expect.poll(() => page.locator('#tornado-error-text').textContent(), { timeout: 5_000 }).toMatch(/^tornado-20k\.csv: 20,000 rows; the limit is 2,000 \(one row per parameter and metric\)/);
    expect(Date.now() - t0).toBeLessThan(2_000);
    // The chart already drawn stays as it was.
    expect(await page.locator('[data-chart="tornado"] g.row').count()).toBe(5);
    await page.locator('#tornado-section').screenshot({ path: join(shots, 'hardening-6-tornado-rows.png') });
  });

  it('loads names and keys like constructor and toString without "is not a function"', async () => {
    await page.goto('about:blank');
    await page.goto(url);
    await page.locator('#editor').waitFor();
    const base = defaultText();
    const variants: Record<string, string> = {
      // A file the viewer does not bundle, named like a property of every object.
      'extends ../constructor': base.replace(/^extends: .*$/m, 'extends: ../constructor'),
      'extends ../toString': base.replace(/^extends: .*$/m, 'extends: ../toString'),
      'extends constructor': base.replace(/^extends: .*$/m, 'extends: constructor'),
      'named constructor': base.replace(/^name: .*$/m, 'name: constructor'),
      'agency toString': base.replace(/^(\s+(?:- )?)agency: programme$/m, '$1agency: toString'),
    };
    for (const [what, text] of Object.entries(variants)) {
      for (const name of ['constructor', 'toString']) {
        await page.setInputFiles('#upload', { name, mimeType: 'text/yaml', buffer: Buffer.from(text) });
        await expect.poll(() => page.locator('#status').textContent()).toBe(`Opened ${name}.`);
        await page.fill('#replications', '3');
        await page.click('#run');
        await expect.poll(() => page.evaluate(() => document.body.dataset.state), { timeout: 30_000 }).toMatch(/^(done|idle)$/);
        const shown = (await page.locator('#errors').isVisible()) ? await errorText() : '';
        expect(shown, `${what} as ${name}`).not.toMatch(/is not a function|Cannot read|undefined/);
        // Refused with the loader's message naming the field, or run.
        if (what.startsWith('extends')) expect(shown, what).toMatch(/\sextends\s/);
        else if (what.startsWith('agency')) expect(shown, what).toMatch(/\.agency\s+expected programme, nhs/);
        else expect(await page.locator('body').getAttribute('data-state'), `${what}: ${shown}`).toBe('done');
      }
    }
    expect(viewer!.errors).toEqual([]);
  });

  const IMG = (n: number): string => `<img src=x onerror="window.__pwned=${n}">`;
  const noInjection = (p: Page = page): Promise<{ imgs: number; bold: number; scripts: number; pwned: unknown }> =>
    p.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('main b').length,
      scripts: document.querySelectorAll('script:not([type="module"]):not(#run-data)').length,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    }));

  it('never reads scenario or CSV text as HTML: names, labels, reasons and problems show literally', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const text = defaultText()
      .replace(/^name: .*$/m, `name: '${IMG(1)}'`)
      // A unit cost's label, laid over the library's as a scenario may.
      .replace(/^economics:$/m, `economics:\n  unitCosts:\n    ae_attendance: { label: '${IMG(2)} A&E' }`)
      .replace(/^(\s+)reason: .*$/m, "$1reason: '<b>ISS</b> case worker <script>window.__pwned=3</script>'");
    expect(text).toContain(IMG(2));
    const fileName = `${IMG(4)}.yaml`;
    await page.setInputFiles('#upload', { name: fileName, mimeType: 'text/yaml', buffer: Buffer.from(text) });
    await expect.poll(() => page.locator('#status').textContent()).toBe(`Opened ${fileName}.`);
    await page.fill('#replications', '5');
    await page.selectOption('#compare-with', `scenarios/${DEFAULT}`);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    await expect.poll(() => page.locator('#compare-figure').isVisible()).toBe(true);
    expect(await page.locator('#run-meta').textContent()).toContain(`${IMG(1)} · seed`);
    expect(await page.getByText(`${IMG(2)} A&E, £ per attendance`, { exact: true }).count()).toBe(1);
    const legend = await page.locator('[data-chart="compare-caseload"] .legend li').allTextContents();
    expect(legend).toContain(`A: ${IMG(1)}`);
    // An exported chart carries the name as escaped text, not markup.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="compare-caseload"] [data-export-chart="svg"]')]);
    const svg = readFileSync(await download.path(), 'utf8');
    expect(svg).toContain('A: &lt;img src=x onerror="window.__pwned=1"&gt;');
    expect(svg).not.toMatch(/<img/i);

    // A problem quoting the file's text (the editor folds away after a run: open it).
    await page.click('#editor-fold > summary');
    await page.fill('#editor', text.replace(/^horizon: .*$/m, `horizon: '${IMG(5)}'`));
    await page.click('#run');
    await expect.poll(() => errorText()).toContain(`horizon`);
    expect(await errorText()).toContain('<img src=x');

    // tornado.csv parameter and metric names.
    const csv = `parameter,low,high,base,metric\n"${IMG(6).replace(/"/g, '""')}",1,3,2,<b>NPV (£)</b>\nplain,2,2.5,2,<b>NPV (£)</b>\n`;
    await page.setInputFiles('#tornado-file', { name: `${IMG(7)}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => page.locator('[data-chart="tornado"] g.row').count()).toBe(2);
    expect(await page.locator('[data-chart="tornado"] .y-axis .tick text').first().textContent()).toBe(labelLines(IMG(6)).join(''));
    expect(await page.locator('#tornado-table tbody tr').first().locator('td').first().textContent()).toBe(IMG(6));
    expect(await page.locator('[data-chart="tornado"] .axis-title').textContent()).toBe('<b>NPV (£)</b>');

    await page.waitForTimeout(300); // an injected image would fail to load and run its handler by now
    expect(await noInjection()).toEqual({ imgs: 0, bold: 0, scripts: 0, pwned: undefined });
    expect(dialogs).toEqual([]);
    await page.locator('#errors').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'hardening-7-literal-text.png') });
    await page.locator('#tornado-figure').screenshot({ path: join(shots, 'hardening-8-literal-tornado.png') });
    await page.locator('[data-chart="compare-caseload"] .legend').screenshot({ path: join(shots, 'hardening-9-literal-legend.png') });
    await page.selectOption('#compare-with', '');
  });

  it('exports CSV whose text cells cannot run as spreadsheet formulas, while numbers stay numbers', async () => {
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=${DEFAULT}&seed=1&replications=5`);
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,state,mean,lo,hi');
    const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
    for (const line of lines) {
      for (const raw of line.split(',')) if (/^[=+\-@\t\r]/.test(raw)) expect(raw, line).toMatch(number);
    }
    // Bundled state names start with a letter, so give the viewer's CSV writer (the CLI's series.csv, on the
    // engine's csv cells) state names a spreadsheet would run, and a negative number.
    const band = { mean: [-1.5, 2], lo: [-2, 1], hi: [-1, 3] };
    const fake = { series: { t: [0, 1], total: band, weighted: band, '=HYPERLINK("http://x","y")': band, '@SUM(A1)': band, '+1-1': band }, waiting: { total: band } } as unknown as Results;
    const written = (await seriesBlob(fake).text()).trim().split('\n');
    expect(written).toContain(`0,"'=HYPERLINK(""http://x"",""y"")",-1.5,-2,-1`);
    expect(written).toContain(`0,"'@SUM(A1)",-1.5,-2,-1`);
    expect(written).toContain(`1,"'+1-1",2,1,3`);
    expect(csvCells(written.find((l) => l.includes('HYPERLINK'))!)[1]).toBe('=HYPERLINK("http://x","y")');
    expect(viewer!.errors).toEqual([]);
  });
});
