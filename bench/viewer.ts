/**
 * The viewer benchmark: the built page (dist/web, built first if missing) in
 * Debian's chromium, the default scenario at 200 replications, timed from the
 * click on Run to the results on screen, on a freshly loaded page each time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic } from '../tests/helpers/static-server.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

export interface ViewerResult {
  name: 'viewer';
  replications: number;
  repeats: number;
  /** Median seconds from the click to results, and the fastest and slowest. */
  seconds: number;
  min: number;
  max: number;
}

export async function viewerRuns(replications: number, repeats: number): Promise<ViewerResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = await import('playwright-core'); // a dev dependency: only this suite needs it
  const outDir = join(repo, 'dist', 'web');
  if (!existsSync(join(outDir, 'index.html'))) await build({ configFile: join(repo, 'vite.config.ts'), root: join(repo, 'web'), logLevel: 'warn' });
  const { server, url } = await serveStatic(outDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const times: number[] = [];
  try {
    for (let i = 0; i <= repeats; i++) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await page.goto(url);
      await page.locator('#editor').waitFor();
      await page.fill('#seed', '1');
      await page.fill('#replications', String(replications));
      const start = performance.now();
      await page.click('#run');
      await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
      if (i > 0) times.push((performance.now() - start) / 1000); // the first run warms the browser's caches
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  times.sort((a, b) => a - b);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { name: 'viewer', replications, repeats, seconds: r3(times[times.length >> 1]), min: r3(times[0]), max: r3(times[times.length - 1]) };
}
