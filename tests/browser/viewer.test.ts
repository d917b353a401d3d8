/**
 * The web viewer in a real browser: build the static bundle with the project's
 * vite config, serve dist/web on 127.0.0.1, drive Debian's chromium through
 * playwright-core, run the default scenario and check the charts and the NPV
 * against the engine run in Node (what the CLI prints). Screenshots go to
 * dist/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate, money } from '../../cli/format.ts';
import { loadScenario } from '../../engine/model/load.ts';
import { runScenario } from '../../engine/run.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(repo, 'dist', 'web');
const shots = join(repo, 'dist', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const SEED = '1';
const REPLICATIONS = 50;
const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A minimal static file server for dist/web, bound to 127.0.0.1 on a free port. */
function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })),
  );
}

let browser: Browser | undefined;
let server: Server | undefined;
let page: Page;
let url: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium. Install it with: apt-get install -y chromium`);
  }
  await build({ configFile: join(repo, 'vite.config.ts'), root: join(repo, 'web'), logLevel: 'warn', mode: 'production' });
  ({ server, url } = await serve(outDir));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? pageErrors.push(m.text()) : undefined));
  mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

describe('web viewer', () => {
  it('runs the default scenario in a worker and draws every chart with the CLI’s NPV', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('#scenario').inputValue()).toBe(DEFAULT);
    await page.locator('#editor').waitFor();
    expect(await page.locator('#editor').inputValue()).toContain('name: Liverpool Waves of Hope');
    await page.screenshot({ path: join(shots, '1-start.png'), fullPage: true });

    await page.fill('#seed', SEED);
    await page.fill('#replications', String(REPLICATIONS));
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });

    // Each chart: data-bound marks with path data, and axis ticks.
    for (const chart of ['caseload', 'waiting', 'money']) {
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
    expect(await page.locator('[data-chart="caseload"] path.tier').count()).toBeGreaterThanOrEqual(3);

    // The NPV equals the engine's in Node for the same file, seed and replications (what `casecast run` prints).
    const loaded = loadScenario(DEFAULT, (p) => {
      try {
        return readFileSync(join(repo, p), 'utf8');
      } catch {
        return undefined;
      }
    });
    if (!loaded.ok) throw new Error('the default scenario does not load');
    const expected = runScenario(loaded.scenario, loaded.resolvedText, { seed: SEED, replications: REPLICATIONS });
    const npv = estimate(expected.economics!.summary.npv, money);
    expect(await page.locator('#npv-cli').textContent()).toBe(npv);
    expect(await page.locator('[data-card="npv"] .value').textContent()).toBe(money(expected.economics!.summary.npv.mean));
    for (const key of ['overCapacity', 'npv', 'bcr', 'roi', 'payback']) {
      expect((await page.locator(`[data-card="${key}"] .reading`).textContent())?.length, key).toBeGreaterThan(10);
    }

    // Tooltip from the keyboard.
    await page.locator('[data-chart="caseload"] svg').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-chart="caseload"] .tooltip').textContent()).toContain('total:');

    await page.screenshot({ path: join(shots, '2-results.png'), fullPage: true });
    for (const chart of ['caseload', 'waiting', 'money']) {
      await page.locator(`[data-chart="${chart}"]`).screenshot({ path: join(shots, `3-chart-${chart}.png`) });
    }
    expect(pageErrors).toEqual([]);
  });

  it('shows the loader’s problems beside the editor for an invalid scenario', async () => {
    const text = (await page.locator('#editor').inputValue()).replace(/^horizon: .*$/m, 'horizon: ten years');
    await page.fill('#editor', text);
    await page.click('#run');
    await page.locator('#errors').waitFor({ state: 'visible', timeout: 10_000 });
    const shown = await page.locator('#error-text').textContent();
    expect(shown).toMatch(/scenarios\/liverpool-waves-of-hope\.yaml:\d+:\d+\s+horizon/);
    await page.screenshot({ path: join(shots, '4-invalid.png'), fullPage: true });
  });
});
