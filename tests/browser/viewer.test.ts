/**
 * The web viewer in a real browser: build the static bundle with the project's
 * vite config, serve dist/web on 127.0.0.1, drive Debian's chromium through
 * playwright-core, run the default scenario and check the charts and the NPV
 * against the engine run in Node (what the CLI prints), and a small scenario
 * with an uncertainty section (fixtures/uncertain-pilot.yaml) over parameter
 * draws against `casecast run` on the same file, seed and replications.
 * Screenshots go to dist/screenshots/.
 *
 * The tests of the panel, links and A against B run the point estimate alone
 * ("Point estimate only", the CLI's --fixed), so they keep their meaning
 * whether or not the default scenario has an uncertainty section: over draws,
 * a draw's value replaces a panel edit to a field the draws set.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate, money, pct } from '../../present/format.ts';
import { headlineRows } from '../../present/headline.ts';
import { createStream } from '../../engine/des/rng.ts';
import { loadScenario } from '../../engine/model/load.ts';
import { psaSummary, type VariantRecord } from '../../engine/sweep/analysis.ts';
import type { SweepInfo } from '../../engine/sweep/info.ts';
import type { Results } from '../../engine/results.ts';
import { runScenario } from '../../engine/run.ts';
import { uncertaintyWords } from '../../engine/uncertainty/summary.ts';
import { costRows, npvText } from '../../web/shape.ts';
import { repo, startViewer, type Viewer } from './browser.ts';

const shots = join(repo, 'dist', 'screenshots');
const SEED = '1';
const REPLICATIONS = 50;
const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';

let viewer: Viewer | undefined;
let page: Page;
let url: string;
let pageErrors: string[] = [];

beforeAll(async () => {
  viewer = await startViewer('web');
  ({ url, errors: pageErrors } = viewer);
  page = await viewer.open();
  mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await viewer?.close();
});


/** The default scenario as the engine in Node loads it. */
function loadDefault(): Extract<ReturnType<typeof loadScenario>, { ok: true }> {
  const loaded = loadScenario(DEFAULT, (p) => {
    try {
      return readFileSync(join(repo, p), 'utf8');
    } catch {
      return undefined;
    }
  });
  if (!loaded.ok) throw new Error('the default scenario does not load');
  return loaded;
}

describe('web viewer', () => {
  it('runs the default scenario in a worker and draws every chart with the CLI’s NPV', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('#scenario').inputValue()).toBe(DEFAULT);
    await page.locator('#editor').waitFor();
    expect(await page.locator('#editor').inputValue()).toContain('name: Liverpool Waves of Hope');
    await page.screenshot({ path: join(shots, '1-start.png'), fullPage: true });

    await page.fill('#seed', SEED);
    await page.fill('#replications', String(REPLICATIONS));
    await page.check('#fixed');
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });

    // Each chart: data-bound marks with path data, and axis ticks.
    for (const chart of ['caseload', 'tiers', 'utilisation', 'waiting', 'money']) {
      const svg = page.locator(`[data-chart="${chart}"] svg`);
      await expect.poll(() => svg.count()).toBe(1);
      const marks = await svg.evaluate((el) =>
        [...el.querySelectorAll('path.mark')].filter((p) => (p.getAttribute('d') ?? '').length > 20 && (p as unknown as { __data__?: unknown }).__data__ !== undefined).length,
      );
      expect(marks, `${chart}: data-bound paths`).toBeGreaterThanOrEqual(2);
      expect(await svg.locator('.x-axis .tick').count(), `${chart}: x ticks`).toBeGreaterThan(3);
      expect(await svg.locator('.y-axis .tick').count(), `${chart}: y ticks`).toBeGreaterThan(3);
      expect(await page.locator(`[data-chart="${chart}"] .legend li`).count()).toBeGreaterThan(1);
    }
    // One stacked area per non-empty tier.
    expect(await page.locator('[data-chart="tiers"] path.tier').count()).toBeGreaterThanOrEqual(3);
    // Weighted caseload and staffed capacity share one axis, in weighted places.
    expect(await page.locator('[data-chart="caseload"] path.mark.weighted').count()).toBe(1);
    expect(await page.locator('[data-chart="caseload"] path.mark.capacity').count()).toBe(1);
    expect(await page.locator('[data-chart="caseload"] .axis-title').allTextContents()).toContain('Weighted places');

    // The NPV equals the engine's in Node for the same file, seed and replications (what `casecast run` prints).
    const loaded = loadDefault();
    const expected = runScenario(loaded.scenario, loaded.resolvedText, { seed: SEED, replications: REPLICATIONS });
    const npv = estimate(expected.economics!.summary.npv, money);
    expect(await page.locator('#npv-cli').textContent()).toBe(npv);
    expect(await page.locator('[data-card="npv"] .value').textContent()).toBe(money(expected.economics!.summary.npv.mean));
    // And the CLI itself, as a user runs it: the same NPV and BCR, to the digit.
    const cli = JSON.parse(
      execFileSync(process.execPath, ['cli/bin.js', 'run', DEFAULT, '-r', String(REPLICATIONS), '--seed', SEED, '--fixed', '--format', 'json', '--workers', '1', '--quiet'], { cwd: repo, encoding: 'utf8' }),
    );
    expect(cli.economics.summary.npv).toEqual(expected.economics!.summary.npv);
    expect(await page.locator('#npv-cli').textContent()).toBe(estimate(cli.economics.summary.npv, money));
    expect(await page.locator('[data-card="bcr"] .value').textContent()).toContain(cli.economics.summary.bcr.mean.toFixed(2));
    for (const key of ['overCapacity', 'npv', 'bcr', 'roi', 'payback']) {
      expect((await page.locator(`[data-card="${key}"] .reading`).textContent())?.length, key).toBeGreaterThan(10);
    }

    // Tooltip from the keyboard.
    await page.locator('[data-chart="caseload"] svg').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-chart="caseload"] .tooltip').textContent()).toContain('capacity:');
    await page.locator('[data-chart="tiers"] svg').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-chart="tiers"] .tooltip').textContent()).toContain('total:');

    await page.screenshot({ path: join(shots, '2-results.png'), fullPage: true });
    for (const chart of ['caseload', 'waiting', 'money']) {
      await page.locator(`[data-chart="${chart}"]`).screenshot({ path: join(shots, `3-chart-${chart}.png`) });
    }
    expect(pageErrors).toEqual([]);
  });

  it('leads with the answer at 1280×800: the editor folds, the cards and caseload against capacity fill the first screen', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('about:blank');
    await page.goto(url);
    await page.locator('#editor').waitFor();
    await page.fill('#seed', SEED);
    await page.fill('#replications', String(REPLICATIONS));
    await page.check('#fixed');
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    // The editor folded away; its summary opens it again.
    expect(await page.locator('#editor-fold').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator('#editor').isVisible()).toBe(false);
    const box = await page.evaluate(() => {
      const r = (s: string) => document.querySelector(s)!.getBoundingClientRect();
      const cards = r('#cards');
      const chart = r('[data-chart="caseload"] svg');
      return { inner: window.innerHeight, cardsTop: cards.top, cardsBottom: cards.bottom, chartTop: chart.top, chartBottom: chart.bottom, legend: r('[data-chart="caseload"] .legend').bottom };
    });
    expect(box.cardsTop, 'cards below the top of the viewport').toBeGreaterThanOrEqual(0);
    expect(box.cardsBottom).toBeLessThanOrEqual(box.inner);
    expect(box.chartTop).toBeGreaterThan(box.cardsBottom - 1);
    expect(box.chartBottom, 'the caseload chart within the first screen').toBeLessThanOrEqual(box.inner);
    expect(box.legend, 'and its legend').toBeLessThanOrEqual(box.inner);
    await page.screenshot({ path: join(shots, '2a-answer-1280x800.png') });

    // Tooltips name the year and month.
    await page.locator('[data-chart="caseload"] svg').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-chart="caseload"] .tooltip .tip-head').textContent()).toMatch(/^year \d+, month \d+$/);
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('[data-chart="caseload"] .tooltip .tip-head').textContent()).toBe('year 1, month 1');

    // One utilisation line per service with a capacity; one table row per year of the horizon.
    const loaded = loadDefault();
    const r = runScenario(loaded.scenario, loaded.resolvedText, { seed: SEED, replications: REPLICATIONS });
    const services = Object.values(r.capacity.services).filter((s) => s.capacity.mean.some((c) => c > 0)).length;
    expect(services).toBeGreaterThan(0);
    expect(await page.locator('[data-chart="utilisation"] path.mark.service').count()).toBe(services);
    expect(await page.locator('[data-chart="utilisation"] .legend li').count()).toBe(services + 1);
    const rows = page.locator('table.year-by-year tbody tr');
    expect(await rows.count()).toBe(r.manifest.horizonYears);
    expect(await page.locator('table.year-by-year thead th').allTextContents()).toEqual(['Year', 'Open cases', 'Weighted caseload', 'Staffed capacity', 'Waiting', 'Costs', 'Savings']);
    expect(await page.locator('table.year-by-year caption').textContent()).toContain('Monte Carlo error');
    const last = r.manifest.horizonYears;
    expect(await rows.last().locator('[data-col="costs"]').textContent()).toBe(estimate({ mean: r.economics!.byYear.costs.mean[last - 1], lo: r.economics!.byYear.costs.lo[last - 1], hi: r.economics!.byYear.costs.hi[last - 1] }, money));
    await page.locator('table.year-by-year').screenshot({ path: join(shots, '2b-year-table.png') });
    await page.screenshot({ path: join(shots, '2c-results-1280x800-full.png'), fullPage: true });

    // The summary opens the editor again.
    await page.click('#editor-fold > summary');
    expect(await page.locator('#editor').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(pageErrors).toEqual([]);
  });

  it('shows the loader’s problems beside the editor for an invalid scenario', async () => {
    if (!(await page.locator('#editor').isVisible())) await page.click('#editor-fold > summary');
    const text = (await page.locator('#editor').inputValue()).replace(/^horizon: .*$/m, 'horizon: ten years');
    await page.fill('#editor', text);
    await page.click('#run');
    await page.locator('#errors').waitFor({ state: 'visible', timeout: 10_000 });
    const shown = await page.locator('#error-text').textContent();
    expect(shown).toMatch(/scenarios\/liverpool-waves-of-hope\.yaml:\d+:\d+\s+horizon/);
    await page.screenshot({ path: join(shots, '4-invalid.png'), fullPage: true });
  });

  /** Runs the page's current settings and waits for the results. */
  async function run(p: Page = page): Promise<void> {
    await p.click('#run');
    await p.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
  }
  const runData = async (p: Page = page): Promise<{ waitingLast: number; pvCosts: number; pvBenefits: number; programmeCosts: number; npv: number }> =>
    JSON.parse((await p.locator('#run-data').textContent()) ?? '{}');
  const FTE = '[data-param="services.iss.staff.fte"]';
  /** Opens a shared link in a new page, as a colleague would, and waits for its run. */
  async function openShared(link: string): Promise<Page> {
    const other = await viewer!.open();
    await other.goto(link);
    await other.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    return other;
  }
  /** Clicks, and returns the file the page offers for download. */
  const save = async (click: () => Promise<void>): Promise<{ name: string; body: Buffer }> => {
    const [d] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), click()]);
    const path = await d.path();
    expect(statSync(path).size).toBeGreaterThan(0);
    return { name: d.suggestedFilename(), body: readFileSync(path) };
  };
  const isSvgFile = /^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/;
  const isPng = (b: Buffer): boolean => b.subarray(1, 4).toString() === 'PNG';

  it('shows the scenario’s key parameters; more ISS staff shortens the waiting list and costs more', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator(FTE).inputValue()).toBe('15.3');
    expect(await page.locator('[data-param="services.iss.staff.caseloadPerWorker"]').inputValue()).toBe('7');
    // The first of the six referral sources, at its settled (dated) rate: 19.9 a month.
    expect(await page.locator('[data-param="referrals.voluntary-sector.changes[0].rate"]').inputValue()).toBe('238.8');
    expect(await page.locator('[data-param="policy.closure"]').inputValue()).toBe('none');
    expect(await page.locator('[data-param="economics.appraisal.discountRate"]').inputValue()).toBe('3.5');
    expect(await page.locator('[data-param="horizon"]').inputValue()).toBe('10');
    expect(await page.getByLabel('ISS staff FTE').count()).toBe(1);
    await page.fill('#seed', SEED);
    await page.fill('#replications', String(REPLICATIONS));
    await page.check('#fixed');
    await run();
    const before = await runData();
    const npvBefore = await page.locator('#npv-cli').textContent();

    await page.locator(FTE).fill('28');
    await page.locator(FTE).dispatchEvent('change');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('set=services.iss.staff.fte=28');
    await run();
    const after = await runData();
    expect(after.waitingLast, 'waiting list at the last year').toBeLessThan(before.waitingLast);
    expect(after.programmeCosts, 'programme cost').toBeGreaterThan(before.programmeCosts);
    expect(after.pvCosts).toBeGreaterThan(before.pvCosts);
    expect(await page.locator('#npv-cli').textContent()).not.toBe(npvBefore);
    // Each £1 here returns about £0.57 (BCR < 1), so doubling the team deepens the loss: NPV falls,
    // as `casecast compare` against the 20-FTE variant also shows.
    expect(after.npv, 'NPV').toBeLessThan(before.npv);
    await page.locator('#params').screenshot({ path: join(shots, '5-params.png') });
  });

  it('reports a bad panel value with the loader’s message, naming the field', async () => {
    await page.locator(FTE).fill('-3');
    await page.locator(FTE).dispatchEvent('change');
    await page.click('#run');
    await page.locator('#errors').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#error-text').textContent()).toMatch(/\(parameter panel\):\d+:\d+\s+services\.iss\.staff\.fte/);
    await page.locator(FTE).fill('28');
    await page.locator(FTE).dispatchEvent('change');
  });

  it('draws who pays and who benefits as diverging bars with whiskers, axis in £ and a tooltip', async () => {
    await run();
    const chart = page.locator('[data-chart="agency"]');
    const bars = await chart.locator('svg').evaluate((el) =>
      [...el.querySelectorAll('rect.mark')].filter((r) => (r as unknown as { __data__?: unknown }).__data__ !== undefined && Number(r.getAttribute('width')) >= 0).length,
    );
    const rows = await chart.locator('g.row').count();
    expect(rows).toBeGreaterThanOrEqual(3);
    expect(bars).toBe(rows * 2);
    expect(await chart.locator('path.mark.net').count()).toBe(rows);
    expect(await chart.locator('.whisker').count()).toBeGreaterThan(0);
    expect(await chart.locator('.x-axis .tick').count()).toBeGreaterThan(3);
    expect(await chart.locator('.x-axis .tick text').first().textContent()).toMatch(/£/);
    expect(await chart.locator('.y-axis .tick').count()).toBe(rows);
    expect(await chart.locator('.legend li').count()).toBeGreaterThan(1);
    // Value labels on the bars; a negative saving is extra demand, hatched in the savings lane and named so.
    const labels = (await chart.locator('text.value-label').allTextContents()).filter((t) => t !== '');
    expect(labels.length).toBeGreaterThanOrEqual(rows);
    for (const t of labels) expect(t).toMatch(/^(pays|saves|extra demand) −?£/);
    const extra = labels.filter((t) => t.startsWith('extra demand')).length;
    expect(await chart.locator('rect.mark.extra-demand').count()).toBe(extra);
    if (extra > 0) expect(await chart.locator('.legend li').allTextContents()).toContain('extra demand (negative savings)');
    await chart.locator('svg').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => chart.locator('.tooltip').textContent()).toContain('net:');
    await page.locator('#agency-figure').screenshot({ path: join(shots, '6-chart-agency.png') });
  });

  it('exports results as JSON, series as CSV and each chart as SVG and PNG', async () => {
    const json = await save(() => page.click('[data-export="json"]'));
    expect(json.name).toBe('liverpool-waves-of-hope-results.json');
    expect(JSON.parse(json.body.toString()).manifest.replications).toBe(REPLICATIONS);
    const csv = await save(() => page.click('[data-export="csv"]'));
    expect(csv.body.toString().split('\n')[0]).toBe('t,state,mean,lo,hi');
    expect(csv.body.toString()).toMatch(/\nwaiting|,waiting,/);
    for (const chart of ['caseload', 'waiting', 'money', 'agency']) {
      const svg = await save(() => page.click(`[data-chart="${chart}"] [data-export-chart="svg"]`));
      expect(svg.name).toBe(`liverpool-waves-of-hope-${chart}.svg`);
      expect(svg.body.toString()).toMatch(isSvgFile);
    }
    const png = await save(() => page.click('[data-chart="agency"] [data-export-chart="png"]'));
    expect(isPng(png.body)).toBe(true);
    expect(png.body.length).toBeGreaterThan(5_000);
    writeFileSync(join(shots, '8-exported-agency.png'), png.body);
  });

  it('restores the same view from a shared link', async () => {
    await page.click('#copy-link');
    await expect.poll(() => page.locator('#share-link').textContent()).toMatch(/Link copied|Copy this link/);
    const link = page.url();
    expect(link).toContain('#scenario=liverpool-waves-of-hope.yaml');
    const npv = await page.locator('#npv-cli').textContent();
    const other = await openShared(link);
    expect(await other.locator('#npv-cli').textContent()).toBe(npv);
    expect(await other.locator(FTE).inputValue()).toBe('28');
    expect(await other.locator('#seed').inputValue()).toBe(SEED);
    expect(await other.locator('#replications').inputValue()).toBe(String(REPLICATIONS));
    expect(link).toContain('fixed=1');
    expect(await other.locator('#fixed').isChecked()).toBe(true);
    await other.screenshot({ path: join(shots, '7-shared-link.png'), fullPage: true });
    await other.close();
    expect(pageErrors).toEqual([]);
  });

  it('offers the step-down and re-escalation rates, per year, found from the scenario', async () => {
    const stepDown = page.locator('[data-param="states.iss.exits.move-on.rate[1].rate"]');
    const reEscalation = page.locator('[data-param="states.dropin.exits.re-escalation.rate"]');
    expect(await stepDown.inputValue()).toBe('0.8172'); // 0.0681 per month, after the first three months
    expect(await reEscalation.inputValue()).toBe('0.15');
    expect(await page.getByLabel('Step-down (move-on) rate from iss, per year (after the first piece)').count()).toBe(1);
    expect(await page.getByLabel('Re-escalation rate from dropin, per year').count()).toBe(1);
  });

  it('overlays B on A on common random numbers, with paired differences at the last year', async () => {
    await page.selectOption('#compare-with', 'scenarios/liverpool-waves-of-hope-more-staff.yaml');
    await page.click('#run');
    await expect.poll(() => page.locator('#compare-figure').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    for (const chart of ['compare-caseload', 'compare-waiting']) {
      const svg = page.locator(`[data-chart="${chart}"] svg`);
      for (const side of ['a', 'b']) {
        const marks = await svg.evaluate(
          (el, sd) => [...el.querySelectorAll(`path.mark[data-side="${sd}"]`)].filter((p) => (p.getAttribute('d') ?? '').length > 20 && (p as unknown as { __data__?: unknown }).__data__ !== undefined).length,
          side,
        );
        expect(marks, `${chart}: ${side}`).toBe(2);
      }
      expect(await svg.locator('.x-axis .tick').count()).toBeGreaterThan(3);
      const legend = await page.locator(`[data-chart="${chart}"] .legend li`).allTextContents();
      expect(legend.some((t) => t.startsWith('A: '))).toBe(true);
      expect(legend.some((t) => t.startsWith('B: '))).toBe(true);
    }
    const table = page.locator('#chart-compare table.paired');
    expect(await table.locator('caption').textContent()).toMatch(/replication by replication on common random numbers \(50 pairs\)/);
    expect(await table.locator('tr[data-row="npv"] td[data-col="difference"]').textContent()).toMatch(/£/);
    // The measures `casecast compare` pairs: programme cost, BCR and each agency's lines, with its verdicts.
    expect(await table.locator('tr[data-row="total"]').count()).toBe(1);
    expect(await table.locator('tr[data-row="waiting"]').count()).toBe(1);
    expect(await table.locator('tr[data-row="cost"] td[data-col="label"]').textContent()).toBe('Programme cost (PV)');
    expect(await table.locator('tr[data-row="cost"] td[data-col="a"]').textContent()).toBe(money((await runData()).pvCosts));
    expect(await table.locator('tr[data-row="cost"] td[data-col="difference"]').textContent()).toMatch(/£/);
    expect(await table.locator('tr[data-row="bcr"] td[data-col="label"]').textContent()).toBe('Benefit–cost ratio');
    expect(await table.locator('tr[data-row="bcr"] td[data-col="a"]').textContent()).toMatch(/^−?\d+\.\d\d$/);
    expect(await table.locator('tbody[data-group="agency"] tr[data-row$=".costs"]').count()).toBeGreaterThanOrEqual(2);
    expect(await table.locator('tbody[data-group="agency"] th').textContent()).toBe('Who pays and who benefits');
    for (const v of await table.locator('td[data-col="verdict"]').allTextContents()) expect(v.length).toBeGreaterThan(5);
    await page.locator('#compare-figure').screenshot({ path: join(shots, '9-compare.png') });
    await page.selectOption('#compare-with', '');
  });

  it('draws a tornado chart from tornado.csv, largest swing first', async () => {
    await page.setInputFiles('#tornado-file', join(repo, 'web', 'sample-tornado.csv'));
    const chart = page.locator('[data-chart="tornado"]');
    await expect.poll(() => chart.locator('g.row').count()).toBe(5);
    const swings = await chart.locator('svg').evaluate((el) =>
      [...el.querySelectorAll('g.row')].map((g) => {
        const d = (g as unknown as { __data__: { low: number; high: number } }).__data__;
        return { swing: Math.abs(d.high - d.low), y: (g as SVGGElement).transform.baseVal[0].matrix.f, bars: g.querySelectorAll('rect.mark').length };
      }),
    );
    for (let k = 1; k < swings.length; k++) {
      expect(swings[k].swing).toBeLessThanOrEqual(swings[k - 1].swing);
      expect(swings[k].y).toBeGreaterThan(swings[k - 1].y);
    }
    expect(swings.every((r) => r.bars === 2)).toBe(true);
    expect(await chart.locator('.y-axis .tick text').first().textContent()).toBe('re-escalation rate (example)');
    expect(await chart.locator('.axis-title').textContent()).toContain('NPV');
    expect(await chart.locator('.legend li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('low'), expect.stringContaining('high')]));
    await page.locator('#tornado-section').screenshot({ path: join(shots, '10-tornado.png') });
  });

  /** A PSA's summary.json as casecast sweep writes it: 300 draws of four parameters (two in groups), two options and not funding. */
  function psaSummaryJson(): { text: string; parameters: number; groups: number; evpi: number } {
    const names = ['a', 'b', 'c', 'd'];
    const info = {
      sweep: 'made-up PSA',
      design: 'psa',
      size: 300,
      seed: '1',
      horizonYears: 5,
      doNothing: true,
      economics: true,
      // A label is text from a file: markup in it must show as written.
      parameters: names.map((name) => ({ name, label: name === 'd' ? '<b>d</b>' : `Parameter ${name}`, paths: [], unit: '', base: 0 })),
      groups: [
        { name: 'ab', parameters: ['a', 'b'] },
        { name: 'cd', parameters: ['c', 'd'] },
      ],
      options: ['base', 'alt'].map((name) => ({ name, label: name, file: `${name}.yaml`, sha256: '' })),
    } as unknown as SweepInfo;
    const rng = createStream('viewer-evppi', 0, 'draws');
    const records = Array.from({ length: 300 }, (_, d): VariantRecord[] => {
      const inputs = Object.fromEntries(names.map((n) => [n, rng() - 0.5]));
      const base = 1e5 * (0.1 + 4 * inputs.a + 2 * inputs.b + inputs.c);
      return [base, base - 2e5 * inputs.b].map((npv, o) => ({ variant: 2 * d + o, option: o === 0 ? 'base' : 'alt', draw: d, inputs, metrics: { npv, roi: 1, paybackYear: null } }));
    }).flat();
    const psa = psaSummary(info, records)!;
    return { text: JSON.stringify({ sweep: 'made-up PSA', design: 'psa', psa }, null, 2), parameters: names.length, groups: 2, evpi: psa.decision.evpi };
  }

  it('draws the EVPPI of a PSA’s summary.json: a bar per parameter and group, ranked, the EVPI marked', async () => {
    const s = psaSummaryJson();
    await page.setInputFiles('#evppi-file', { name: 'psa-summary.json', mimeType: 'application/json', buffer: Buffer.from(s.text) });
    const chart = page.locator('[data-chart="evppi"]');
    await expect.poll(() => chart.locator('rect.evppi-bar').count()).toBe(s.parameters + s.groups);
    expect(await chart.locator('rect.evppi-bar.group').count()).toBe(s.groups);
    expect(await chart.locator('line.evpi').count()).toBe(1);
    expect(await chart.locator('.evpi-label').textContent()).toBe(`EVPI ${money(s.evpi)}`);
    // Largest first within parameters and within groups, top to bottom; no bar beyond the EVPI line by more than rounding.
    const bars = await chart.locator('svg').evaluate((el) =>
      [...el.querySelectorAll('g.row')].map((g) => ({ kind: g.getAttribute('data-kind'), y: (g as SVGGElement).transform.baseVal[0].matrix.f, w: Number(g.querySelector('rect')!.getAttribute('width')) })),
    );
    const evpiX = Number(await chart.locator('line.evpi').getAttribute('x1'));
    for (let k = 1; k < bars.length; k++) {
      expect(bars[k].y).toBeGreaterThan(bars[k - 1].y);
      if (bars[k].kind === bars[k - 1].kind) expect(bars[k].w).toBeLessThanOrEqual(bars[k - 1].w);
    }
    expect(bars.map((b) => b.kind)).toEqual(['parameter', 'parameter', 'parameter', 'parameter', 'group', 'group']);
    expect(Math.max(...bars.map((b) => b.w))).toBeLessThanOrEqual(evpiX * 1.1);
    expect(await chart.locator('.y-axis .tick text').first().textContent()).toBe('Parameter a');
    expect(await page.locator('#evppi-table tbody tr').count()).toBe(s.parameters + s.groups);
    expect(await page.locator('#evppi-section b').count()).toBe(0);
    expect(await page.locator('#evppi-table tbody tr').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('<b>d</b>')]));
    expect(await page.locator('#evppi-sweep').textContent()).toBe('made-up PSA');
    await page.locator('#evppi-section').screenshot({ path: join(shots, '10-evppi.png') });

    // A summary without EVPPI (a one-way sweep's) is refused with a fix, and a good one then draws again.
    await page.setInputFiles('#evppi-file', { name: 'oneway.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ sweep: 'x', design: 'oneway', psa: null })) });
    await expect.poll(() => page.locator('#evppi-error-text').textContent()).toMatch(/^oneway\.json: this sweep is not a PSA with economics \(its design is oneway\)/);
    await page.setInputFiles('#evppi-file', { name: 'psa-summary.json', mimeType: 'application/json', buffer: Buffer.from(s.text) });
    await expect.poll(() => page.locator('#evppi-errors').isVisible()).toBe(false);
    const svg = await save(() => page.click('[data-chart="evppi"] [data-export-chart="svg"]'));
    expect(svg.name).toBe('psa-summary-evppi.svg');
    expect(svg.body.toString()).toMatch(isSvgFile);
    expect(pageErrors).toEqual([]);
  });

  const AE = '[data-param="economics.unitCosts.ae_attendance.cost"]';
  const MORE_STAFF = 'scenarios/liverpool-waves-of-hope-more-staff.yaml';
  /** Sets a panel field from the keyboard, as a user would: select its text, type, Tab away. */
  async function typeInto(selector: string, value: string): Promise<void> {
    await page.locator(selector).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
    await page.keyboard.press('Tab');
  }

  it('offers the unit costs the scenario uses; doubling the A&E cost raises savings and NPV', async () => {
    await page.goto('about:blank');
    await page.goto(`${url}#scenario=liverpool-waves-of-hope.yaml&seed=${SEED}&replications=${REPLICATIONS}&fixed=1`);
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    const before = await runData();
    // The group is closed until wanted, and opens from the keyboard.
    expect(await page.locator(AE).isVisible()).toBe(false);
    await page.locator('#unit-costs summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(AE).isVisible()).toBe(true);
    expect(await page.locator(AE).inputValue()).toBe('117');
    expect(await page.getByLabel('A&E attendance, £ per attendance').count()).toBe(1);
    for (const name of ['inpatient_episode', 'arrest', 'prison_month']) {
      expect(await page.locator(`[data-param="economics.unitCosts.${name}.cost"]`).count(), name).toBe(1);
    }
    // In the library but not priced by this scenario, so it cannot move a result.
    expect(await page.locator('[data-param="economics.unitCosts.eviction.cost"]').count()).toBe(0);
    expect(await page.locator('.unit-group h3').allTextContents()).toEqual(expect.arrayContaining(['NHS', 'Police', 'Criminal justice']));

    await typeInto(AE, '234');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('set=economics.unitCosts.ae_attendance.cost=234');
    expect(await page.locator('#unit-cost-count').textContent()).toContain('1 changed');
    await run();
    const after = await runData();
    // A&E use falls under the programme, so each attendance avoided is worth more.
    expect(after.pvBenefits, 'PV of savings').toBeGreaterThan(before.pvBenefits);
    expect(after.npv, 'NPV').toBeGreaterThan(before.npv);
    expect(after.pvCosts, 'PV of costs').toBe(before.pvCosts);
    await page.locator('#params').screenshot({ path: join(shots, '12-unit-costs.png') });
  });

  it('runs B with A’s edits to shared assumptions but not A’s programme edits, and says so', async () => {
    await typeInto(FTE, '28');
    await page.selectOption('#compare-with', MORE_STAFF);
    const hint = await page.locator('#compare-hint').textContent();
    expect(hint).toContain("B also takes A's edits to shared assumptions: A&E attendance, £ per attendance.");
    expect(hint).toContain("A's programme edits stay A's: ISS staff FTE");
    expect(await page.locator('#compare-with').getAttribute('aria-describedby')).toBe('compare-hint');
    await run();
    await expect.poll(() => page.locator('#compare-figure').isVisible()).toBe(true);
    expect(await page.locator('#compare-note').textContent()).toBe(hint);
    const npvRow = page.locator('#chart-compare tr[data-row="npv"]');
    expect(await npvRow.locator('td[data-col="a"]').textContent()).toBe(money((await runData()).npv));
    // B is the more-staff file with A's A&E cost, as the CLI runs it with --set.
    const cli = JSON.parse(
      execFileSync(
        process.execPath,
        ['cli/bin.js', 'run', MORE_STAFF, '-r', String(REPLICATIONS), '--seed', SEED, '--fixed', '--set', 'economics.unitCosts.ae_attendance.cost=234', '--format', 'json', '--workers', '1', '--quiet'],
        { cwd: repo, encoding: 'utf8' },
      ),
    );
    expect(await npvRow.locator('td[data-col="b"]').textContent()).toBe(money(cli.economics.summary.npv.mean));
  });

  it('restores the A-against-B view, B’s shared edits included, from a shared link', async () => {
    const link = page.url();
    expect(link).toContain('compare=liverpool-waves-of-hope-more-staff.yaml');
    const shown = await page.locator('#chart-compare table.paired tbody').allTextContents();
    const other = await openShared(link);
    expect(await other.locator('#compare-with').inputValue()).toBe(MORE_STAFF);
    expect(await other.locator('#compare-figure').isVisible()).toBe(true);
    expect(await other.locator('#chart-compare table.paired tbody').allTextContents()).toEqual(shown);
    expect(await other.locator(AE).inputValue()).toBe('234');
    expect(await other.locator('#unit-costs').getAttribute('open')).not.toBeNull();
    await other.close();
    expect(pageErrors).toEqual([]);
  });

  it('reads the multi-metric tornado.csv: a labelled metric choice, NPV first, payback not within the horizon shown as such', async () => {
    await page.setInputFiles('#tornado-file', join(repo, 'web', 'sample-tornado.csv'));
    const metric = page.getByLabel('Metric', { exact: true });
    await expect.poll(() => metric.isVisible()).toBe(true);
    expect(await metric.inputValue()).toBe('NPV (£)');
    expect(await page.locator('#tornado-metric option').allTextContents()).toEqual(['NPV (£)', 'payback year', 'caseload at year 5']);
    const chart = page.locator('[data-chart="tornado"]');
    expect(await chart.locator('.x-axis .tick text').first().textContent()).toMatch(/£/);
    expect(await page.locator('#tornado-table tbody tr').first().textContent()).toContain('0.1 per year');

    await metric.selectOption('payback year');
    await expect.poll(() => chart.locator('.axis-title').textContent()).toBe('payback year');
    expect(await chart.locator('g.row').count()).toBe(5);
    // Empty cells: bars run to the end of the axis, into a zone labelled as not within the horizon.
    const ends = await chart.locator('svg').evaluate((el) => {
      const zone = el.querySelector('.beyond-zone rect')!.getBoundingClientRect();
      return [...el.querySelectorAll('rect.bar.beyond')].map((r) => Math.abs(r.getBoundingClientRect().right - zone.right));
    });
    expect(ends.length).toBe(2);
    expect(Math.max(...ends)).toBeLessThan(1);
    expect(await chart.locator('.beyond-label').allTextContents()).toEqual(['not within horizon', 'not within horizon']);
    expect(await chart.locator('.legend').textContent()).toContain('base: 9');
    expect(await page.locator('#tornado-table tbody tr').first().textContent()).toContain('not within horizon');
    await page.locator('#tornado-figure').screenshot({ path: join(shots, '13-tornado-payback.png') });

    // The older five-column file still loads; one metric needs no choice.
    const old = 'parameter,low,high,base,metric\nsteady,4,6,5,payback year\n"never, at low",,7,5,payback year\n';
    await page.setInputFiles('#tornado-file', { name: 'old.csv', mimeType: 'text/csv', buffer: Buffer.from(old) });
    await expect.poll(() => chart.locator('g.row').count()).toBe(2);
    expect(await page.locator('#tornado-metric-field').isVisible()).toBe(false);
    expect(await chart.locator('g.row').first().getAttribute('data-parameter')).toBe('never, at low');
    expect(await chart.locator('rect.bar.beyond').count()).toBe(1);
    const bad = 'parameter,low,high,base,metric\nx,4,six,5,NPV (£)\n';
    await page.setInputFiles('#tornado-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => page.locator('#tornado-error-text').textContent()).toMatch(/^bad\.csv:2: high must be a number/);
    await page.setInputFiles('#tornado-file', join(repo, 'web', 'sample-tornado.csv'));
    await expect.poll(() => page.locator('#tornado-errors').isVisible()).toBe(false);
  });

  it('exports the A-against-B and tornado charts as SVG and PNG', async () => {
    for (const chart of ['compare-caseload', 'compare-waiting']) {
      const svg = await save(() => page.click(`[data-chart="${chart}"] [data-export-chart="svg"]`));
      expect(svg.name).toBe(`liverpool-waves-of-hope-${chart}.svg`);
      expect(svg.body.toString()).toMatch(isSvgFile);
    }
    const png = await save(() => page.click('[data-chart="compare-waiting"] [data-export-chart="png"]'));
    expect(png.name).toBe('liverpool-waves-of-hope-compare-waiting.png');
    expect(isPng(png.body)).toBe(true);
    await page.getByLabel('Metric', { exact: true }).selectOption('payback year');
    const svg = await save(() => page.click('[data-chart="tornado"] [data-export-chart="svg"]'));
    expect(svg.name).toBe('sample-tornado-payback-year.svg');
    expect(svg.body.toString()).toMatch(isSvgFile);
    expect(svg.body.toString()).toContain('not within horizon');
    const tpng = await save(() => page.click('[data-chart="tornado"] [data-export-chart="png"]'));
    expect(tpng.name).toBe('sample-tornado-payback-year.png');
    expect(isPng(tpng.body)).toBe(true);
    writeFileSync(join(shots, '14-exported-tornado.png'), tpng.body);
    await page.getByLabel('Metric', { exact: true }).selectOption('NPV (£)');
  });

  it('lays out for a laptop and a projector without overflow, and prints the charts without the controls', async () => {
    const sizes = { laptop: { width: 1280, height: 720 }, projector: { width: 1920, height: 1080 } };
    const fontPx: Record<string, number> = {};
    for (const [name, size] of Object.entries(sizes)) {
      await page.setViewportSize(size);
      const fit = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth, font: parseFloat(getComputedStyle(document.documentElement).fontSize) }));
      expect(fit.page, `${name}: no sideways scrolling`).toBeLessThanOrEqual(fit.view);
      fontPx[name] = fit.font;
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, `15-${name}-first-screen.png`) });
      await page.screenshot({ path: join(shots, `15-${name}-full.png`), fullPage: true });
    }
    expect(fontPx.projector, 'a larger base font on a projector').toBeGreaterThan(fontPx.laptop);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    expect(await page.locator('#run-form').isVisible()).toBe(false);
    expect(await page.locator('.chart-exports').first().isVisible()).toBe(false);
    const widths = await page.evaluate(() => ({
      main: document.querySelector('main')!.clientWidth,
      charts: [...document.querySelectorAll<HTMLElement>('figure.chart')].filter((f) => f.offsetParent !== null).map((f) => f.getBoundingClientRect().width),
      ink: getComputedStyle(document.querySelector('.chart figcaption')!).color,
    }));
    expect(widths.charts.length).toBeGreaterThanOrEqual(6);
    for (const w of widths.charts) expect(w).toBeGreaterThan(widths.main * 0.9);
    expect(widths.ink).toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: join(shots, '16-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(pageErrors).toEqual([]);
  });

  it('shows the line and field for a bad scenario uploaded as a file', async () => {
    const text = readFileSync(join(repo, DEFAULT), 'utf8').replace(/^horizon: .*$/m, 'horizon: ten years');
    await page.setInputFiles('#upload', { name: 'bad-upload.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
    await expect.poll(() => page.locator('#status').textContent()).toContain('Opened bad-upload.yaml');
    await page.click('#run');
    await page.locator('#errors').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#error-text').textContent()).toMatch(/scenarios\/bad-upload\.yaml:\d+:\d+\s+horizon/);
    await page.screenshot({ path: join(shots, '11-bad-upload.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

describe('web viewer over parameter draws', () => {
  const FIXTURE = 'tests/browser/fixtures/uncertain-pilot.yaml';
  const DRAWS = REPLICATIONS / 5;
  let p: Page;
  let cliDrawn: Results;

  beforeAll(async () => {
    p = await viewer!.open();
    await p.goto(url);
    cliDrawn = cliRun(FIXTURE, '-r', String(REPLICATIONS), '--seed', SEED);
  });
  afterAll(async () => {
    await p?.close();
  });

  /** `casecast run … --format json`, in this thread. */
  function cliRun(...args: string[]): Results {
    return JSON.parse(execFileSync(process.execPath, ['cli/bin.js', 'run', ...args, '--format', 'json', '--workers', '1', '--quiet'], { cwd: repo, encoding: 'utf8' }));
  }
  const ran = async (): Promise<void> => {
    await p.click('#run');
    await p.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
  };
  const text = async (selector: string): Promise<string> => (await p.locator(selector).textContent()) ?? '';
  const card = (key: string, part: string): Promise<string> => text(`[data-card="${key}"] ${part}`);
  const data = async (): Promise<Record<string, unknown>> => JSON.parse(await text('#run-data'));
  const saved = async (click: () => Promise<void>): Promise<{ name: string; body: Buffer }> => {
    const [d] = await Promise.all([p.waitForEvent('download', { timeout: 10_000 }), click()]);
    return { name: d.suggestedFilename(), body: readFileSync(await d.path()) };
  };
  const npvRow = (r: Results) => headlineRows(r).find((x) => x.key === 'npv')!;

  it('leads with the answer over parameter draws: the uncertainty interval and P(NPV > 0) on the cards, both intervals in words, the cost per outcome', async () => {
    await p.setInputFiles('#upload', join(repo, FIXTURE));
    await expect.poll(() => text('#status')).toContain('Opened uncertain-pilot.yaml');
    await p.fill('#seed', SEED);
    await p.fill('#replications', String(REPLICATIONS));
    await p.locator('#replications').dispatchEvent('input');
    expect(await p.locator('#fixed').isChecked()).toBe(false);
    expect(await p.getByLabel('Point estimate only (no parameter uncertainty)').count()).toBe(1);
    expect(await text('#replications-hint')).toBe(`Replications in all, shared among parameter draws of 5: ${REPLICATIONS} replications (${DRAWS} parameter draws × 5).`);
    await ran();
    expect(await text('#status')).toMatch(new RegExp(`^Done: ${REPLICATIONS} replications \\(${DRAWS} parameter draws × 5\\) in `));
    expect(await text('#run-meta')).toContain(`· ${REPLICATIONS} replications (${DRAWS} parameter draws × 5) ·`);
    expect(await text('#run-meta')).toContain('90% uncertainty intervals over parameter draws and replications');

    for (const key of ['npv', 'bcr', 'roi']) {
      expect(await card(key, '.interval'), key).toMatch(/^90% uncertainty interval: \S+ to \S+$/);
      expect(await card(key, '.monte-carlo'), key).toMatch(/^Monte Carlo error \(95%\): \S+ to \S+$/);
    }
    expect(await card('npv', '.chance')).toMatch(/^Chance NPV > 0: \d+% of parameter draws$/);
    expect(await card('roi', '.chance')).toMatch(/^Chance fiscal ROI > 1: \d+% of parameter draws$/);
    expect(await card('payback', '.interval')).toMatch(/^90% of parameter draws: (year \d+|not within the horizon)/);
    expect(await card('payback', '.chance')).toMatch(/^Paid back by year 5: \d+% of parameter draws$/);
    // The Monte Carlo error is there, named, and smaller than the interval to read.
    const size = (sel: string): Promise<number> => p.locator(`[data-card="npv"] ${sel}`).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(await size('.monte-carlo')).toBeLessThan(await size('.interval'));

    // What the two intervals mean, in the words the CLI prints.
    expect(await text('[data-note="uncertainty"]')).toBe(uncertaintyWords.uncertainty);
    expect(await text('[data-note="monteCarlo"]')).toBe(uncertaintyWords.monteCarlo);
    expect(await text('[data-note="chances"]')).toBe(uncertaintyWords.draws);

    const costs = p.locator('table.cost-per tbody tr');
    expect(await costs.count()).toBe(3);
    expect(await p.locator('table.cost-per thead th').allTextContents()).toEqual(['Cost per outcome', 'Expected', 'Uncertainty interval (90%)', 'Monte Carlo error (95%)']);
    expect(await p.locator('#draws-note').isHidden()).toBe(true);
    await p.locator('#interval-notes').screenshot({ path: join(shots, '20-draws-notes.png') });
    await p.locator('#cards').screenshot({ path: join(shots, '20-draws-cards.png') });
    expect(viewer!.errors).toEqual([]);
  });

  it('gives the CLI’s numbers over parameter draws for the same file, seed and replications', async () => {
    expect(cliDrawn.manifest.draws).toBe(DRAWS);
    const shown = await data();
    expect(shown.draws).toBe(DRAWS);
    expect(shown.replicationsPerDraw).toBe(5);
    expect(shown.headlineNpv).toEqual(cliDrawn.uncertainty!.headline.npv);
    expect(shown.probNpvPositive).toBe(cliDrawn.uncertainty!.probNpvPositive);
    expect(shown.paybackByYear).toEqual(cliDrawn.uncertainty!.paybackByYear);
    // The whole results file, as the viewer exports it, is the CLI's.
    const json = await saved(() => p.click('[data-export="json"]'));
    expect(json.name).toBe('uncertain-pilot-results.json');
    expect(JSON.parse(json.body.toString())).toEqual(cliDrawn);

    // And the page writes them as the CLI's table does.
    const row = npvRow(cliDrawn);
    expect(await card('npv', '.value')).toBe(row.expected);
    expect(await card('npv', '.interval')).toBe(`90% uncertainty interval: ${row.uncertainty}`);
    expect(await card('npv', '.monte-carlo')).toBe(`Monte Carlo error (95%): ${row.monteCarlo}`);
    expect(await text('#npv-cli')).toBe(npvText(cliDrawn));
    expect(await card('npv', '.chance')).toBe(`Chance NPV > 0: ${pct(cliDrawn.uncertainty!.probNpvPositive!)} of parameter draws`);
    const table = execFileSync(process.execPath, ['cli/bin.js', 'run', FIXTURE, '-r', String(REPLICATIONS), '--seed', SEED, '--workers', '1', '--quiet'], { cwd: repo, encoding: 'utf8' });
    const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(table).toMatch(new RegExp(`\\nNet present value +${esc(row.expected)} +${esc(row.uncertainty)} +${esc(row.monteCarlo)}\\n`));
    expect(table).toContain(`Chance the NPV is above 0: ${pct(cliDrawn.uncertainty!.probNpvPositive!)} of parameter draws`);
    expect(table).toContain(`seed ${SEED} · ${REPLICATIONS} replications (${DRAWS} parameter draws × 5)`);
    for (const c of costRows(cliDrawn)) {
      const tr = p.locator(`table.cost-per tr[data-row="${c.key}"]`);
      expect(await tr.locator('td[data-col="expected"]').textContent()).toBe(c.expected);
      expect(await tr.locator('td[data-col="uncertainty"]').textContent()).toBe(c.uncertainty);
      expect(await tr.locator('td[data-col="monteCarlo"]').textContent()).toBe(c.monteCarlo);
    }
  });

  it('draws the NPV across parameter draws with £0 marked and the share above it, and the chance of payback by year, with exports', async () => {
    const u = cliDrawn.uncertainty!;
    const npvChart = p.locator('[data-chart="npv-draws"]');
    const bins = await npvChart.locator('svg').evaluate((el) => [...el.querySelectorAll('rect.mark.bin')].map((r) => (r as unknown as { __data__: { count: number } }).__data__.count));
    expect(bins).toEqual(u.npvHistogram!.map((b) => b.count));
    expect(bins.reduce((a, b) => a + b, 0)).toBe(DRAWS);
    expect(await npvChart.locator('line.zero-npv').count()).toBe(1);
    expect(await npvChart.locator('.zero-label').textContent()).toBe('NPV = £0');
    expect(await npvChart.locator('.share-label').textContent()).toBe(`NPV above £0 in ${pct(u.probNpvPositive!)} of ${DRAWS} parameter draws`);
    expect(await npvChart.locator('.x-axis .tick text').first().textContent()).toMatch(/£/);
    expect(await npvChart.locator('.legend li').count()).toBe(3);
    await npvChart.locator('svg').focus();
    await p.keyboard.press('ArrowRight');
    await expect.poll(() => npvChart.locator('.tooltip').textContent()).toMatch(new RegExp(`of ${DRAWS} draws`));

    const paybackChart = p.locator('[data-chart="payback-draws"]');
    const shares = await paybackChart.locator('svg').evaluate((el) => [...el.querySelectorAll('rect.mark.year-bar')].map((r) => (r as unknown as { __data__: { share: number } }).__data__.share));
    expect(shares).toEqual(u.paybackByYear);
    expect(await paybackChart.locator('.share-label').allTextContents()).toEqual(u.paybackByYear!.map(pct));
    expect(await paybackChart.locator('.x-axis .tick').count()).toBe(5);

    for (const chart of ['npv-draws', 'payback-draws']) {
      const svg = await saved(() => p.click(`[data-chart="${chart}"] [data-export-chart="svg"]`));
      expect(svg.name).toBe(`uncertain-pilot-${chart}.svg`);
      expect(svg.body.toString()).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      const png = await saved(() => p.click(`[data-chart="${chart}"] [data-export-chart="png"]`));
      expect(png.name).toBe(`uncertain-pilot-${chart}.png`);
      expect(png.body.subarray(1, 4).toString()).toBe('PNG');
      writeFileSync(join(shots, `21-exported-${chart}.png`), png.body);
    }
    // The other charts' bands are the uncertainty interval, and say so.
    expect(await p.locator('[data-chart="waiting"] .legend').textContent()).toContain('90% uncertainty interval');
    expect(await p.locator('#money-figure figcaption').textContent()).toContain('90% uncertainty intervals');
    await p.locator('#npv-draws-figure').screenshot({ path: join(shots, '21-chart-npv-draws.png') });
    await p.locator('#payback-draws-figure').screenshot({ path: join(shots, '21-chart-payback-draws.png') });
    await p.screenshot({ path: join(shots, '21-draws-full.png'), fullPage: true });
    expect(viewer!.errors).toEqual([]);
  });

  it('with “Point estimate only” gives the Monte Carlo figures at the point estimate, as the CLI’s --fixed and the engine do', async () => {
    await p.check('#fixed');
    expect(await text('#replications-hint')).toBe(`${REPLICATIONS} replications at the point estimate: Monte Carlo error only.`);
    await ran();
    const fixed = cliRun(FIXTURE, '-r', String(REPLICATIONS), '--seed', SEED, '--fixed');
    const loaded = loadScenario(FIXTURE, (f) => readFileSync(join(repo, f), 'utf8'));
    if (!loaded.ok) throw new Error('the fixture does not load');
    const engine = runScenario(loaded.scenario, loaded.resolvedText, { seed: SEED, replications: REPLICATIONS });
    expect(fixed.economics!.summary.npv).toEqual(engine.economics!.summary.npv);
    expect(fixed.uncertainty).toBeUndefined();
    const s = fixed.economics!.summary;
    expect(await text('#npv-cli')).toBe(estimate(s.npv, money));
    expect(await card('npv', '.value')).toBe(money(s.npv.mean));
    expect(await card('npv', '.interval')).toBe(`Monte Carlo error (95%): ${money(s.npv.lo)} to ${money(s.npv.hi)}`);
    expect(await p.locator('[data-card="npv"] .monte-carlo, [data-card="npv"] .chance').count()).toBe(0);
    expect((await data()).intervals).toBe('mean');
    expect(await text('#run-meta')).toContain(`· ${REPLICATIONS} replications at the point estimate ·`);
    expect(await text('[data-note="monteCarlo"]')).toBe(fixed.intervals.text);
    expect(await text('[data-note="fixed"]')).toMatch(/^Every parameter is held at its point estimate, so no interval here shows how sure the answer is\. Untick “Point estimate only”/);
    expect(await p.locator('#npv-draws-figure').isHidden()).toBe(true);
    expect(await p.locator('#payback-draws-figure').isHidden()).toBe(true);
    expect(await text('#draws-note')).toMatch(/need a run over parameter draws: this run holds every parameter at its point estimate/);
    expect(await p.locator('table.cost-per thead th').allTextContents()).toEqual(['Cost per outcome', 'Mean', 'Monte Carlo error (95%)']);
    expect(await p.locator('[data-chart="waiting"] .legend').textContent()).toContain('95% interval (Monte Carlo error)');
    expect(decodeURIComponent(new URL(p.url()).hash)).toContain('fixed=1');
    await p.locator('#cards').screenshot({ path: join(shots, '22-fixed-cards.png') });
  });

  it('refuses replications that cannot be shared equally among the draws, and runs nothing', async () => {
    await p.uncheck('#fixed');
    await p.fill('#replications', '52');
    await p.locator('#replications').dispatchEvent('input');
    expect(await text('#replications-hint')).toMatch(/^Replications 52 cannot be shared equally among 10 parameter draws/);
    const before = await text('#run-data');
    await p.click('#run');
    await p.locator('#errors').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await text('#errors-title')).toBe('These settings cannot be run');
    expect(await text('#error-text')).toBe('Replications 52 cannot be shared equally among 10 parameter draws (one for each 5 replications); give a multiple of 10, e.g. 50, or tick "Point estimate only" to run without parameter draws');
    expect(await p.locator('#replications').getAttribute('aria-invalid')).not.toBeNull();
    expect(await text('#run-data')).toBe(before);
  });

  it('shows its progress preparing the draws and running them, and Cancel stops it', async () => {
    await p.fill('#replications', '5000');
    const seen: string[] = [];
    await p.click('#run');
    await expect.poll(async () => seen.push(await text('#status')) && seen.some((t) => /^Running: \d+ of 5000 replications…$/.test(t)), { timeout: 60_000, interval: 50 }).toBe(true);
    expect(seen.some((t) => /^Preparing parameter draws: \d+ of 1000…$/.test(t)), seen.join(' | ')).toBe(true);
    await p.getByRole('button', { name: 'Cancel' }).click();
    await p.waitForSelector('body[data-state="cancelled"]');
    expect(await p.locator('#run').isEnabled()).toBe(true);
    expect(viewer!.errors).toEqual([]);
  });

  const defaultText = readFileSync(join(repo, DEFAULT), 'utf8');
  it.runIf(/^uncertainty:/m.test(defaultText))('runs the default scenario over its parameter draws as the CLI does (a posterior sample read from the bundle), and A against itself pairs draw by draw', async () => {
    await p.goto('about:blank');
    await p.goto(`${url}#scenario=liverpool-waves-of-hope.yaml&seed=${SEED}&replications=${REPLICATIONS}&compare=liverpool-waves-of-hope.yaml`);
    await expect.poll(() => p.locator('#compare-figure').isVisible(), { timeout: 60_000 }).toBe(true);
    await p.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    const cli = cliRun(DEFAULT, '-r', String(REPLICATIONS), '--seed', SEED);
    expect((await data()).headlineNpv).toEqual(cli.uncertainty!.headline.npv);
    expect(await text('#npv-cli')).toBe(npvText(cli));
    // The same draws and replications on both sides: every paired difference is nil.
    const diffs = await p.locator('#chart-compare table.paired td[data-col="difference"]').allTextContents();
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) expect(d).toMatch(/^(£0|0(\.0)?|0\.00)$/);
  });
});
