/**
 * The viewer benchmark: the built page (dist/web, built first when it is
 * missing or older than a source of the page) in Debian's chromium, the
 * default scenario at 200 replications, timed from the click on Run to the
 * results on screen, on a freshly loaded page each time. Target: 1 s.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic } from '../tests/helpers/static-server.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

/** Seconds from the click on Run to results, for 200 replications. */
export const viewerTarget = 1;

export interface ViewerResult {
  name: 'viewer';
  replications: number;
  repeats: number;
  /** Median seconds from the click to results, and the fastest and slowest. */
  seconds: number;
  min: number;
  max: number;
  targetSeconds: number;
  met: boolean;
  /** Whether the page was built for this run (it was missing or older than its sources). */
  built: boolean;
}

/** What the page is built from: the viewer, the engine and presentation code it imports, and the build's configuration. */
const sources = ['web', 'engine', 'present', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** The newest modification time (ms) of a file or any file under a folder; 0 for none. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), st.mtimeMs);
}

/** Builds dist/web when it is missing or older than a source. */
async function buildIfStale(outDir: string): Promise<boolean> {
  const index = join(outDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map((s) => newest(join(repo, s))))) return false;
  await build({ configFile: join(repo, 'vite.config.ts'), root: join(repo, 'web'), logLevel: 'warn' });
  return true;
}

export async function viewerRuns(replications: number, repeats: number): Promise<ViewerResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = await import('playwright-core'); // a dev dependency: only this suite needs it
  const outDir = join(repo, 'dist', 'web');
  const built = await buildIfStale(outDir);
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
  const seconds = r3(times[times.length >> 1]);
  return { name: 'viewer', replications, repeats, seconds, min: r3(times[0]), max: r3(times[times.length - 1]), targetSeconds: viewerTarget, met: seconds <= viewerTarget, built };
}
