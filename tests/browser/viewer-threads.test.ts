/**
 * The viewer's run spread over its helper workers, and prepared before Run
 * is pressed (web/worker.ts warm-up: the form's draws planned ahead, a few
 * throwaway replications), gives the CLI's results file byte for byte: with
 * the prepared plan taken, with a warm-up superseded by a run of other
 * settings, and with a run right after another.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo, startViewer, type Viewer } from './browser.ts';

const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';
let viewer: Viewer;
let page: Page;

beforeAll(async () => {
  viewer = await startViewer('web-threads');
  page = await viewer.open();
}, 60_000);

afterAll(async () => {
  await viewer?.close();
});

/** `casecast run` of the default scenario as JSON text, in one thread. */
const cli = (seed: string, replications: number): string =>
  execFileSync(process.execPath, ['cli/bin.js', 'run', DEFAULT, '-r', String(replications), '--seed', seed, '--format', 'json', '--workers', '1', '--quiet'], { cwd: repo, encoding: 'utf8' });

/** The results file the page exports. */
async function exported(): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click('[data-export="json"]')]);
  return readFileSync(await d.path(), 'utf8');
}

async function settings(seed: string, replications: number): Promise<void> {
  await page.fill('#seed', seed);
  await page.fill('#replications', String(replications));
  await page.locator('#replications').dispatchEvent('input');
}

async function run(): Promise<void> {
  await page.click('#run');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
}

describe('the viewer on several threads', () => {
  it('starts a helper worker for each further core, up to 4 threads in all', async () => {
    await page.goto(viewer.url);
    await page.locator('#editor').waitFor();
    const threads = await page.evaluate(() => Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)));
    await expect.poll(() => page.workers().length).toBe(threads);
  });

  it('gives the CLI’s results when Run takes the plan a warm-up prepared for the same settings', async () => {
    await settings('7', 30);
    // Long enough for the debounced warm-up to plan the draws and replicate its throwaway runs.
    await page.waitForTimeout(3000);
    await run();
    expect(JSON.parse(await exported())).toEqual(JSON.parse(cli('7', 30)));
  });

  it('gives the CLI’s results when a run supersedes a warm-up for other settings, and for the run after it', async () => {
    await settings('8', 30);
    await page.fill('#replications', '20');
    await run(); // the warm-up for 30 replications is still pending or running
    expect(JSON.parse(await exported())).toEqual(JSON.parse(cli('8', 20)));
    await settings('9', 25);
    await run();
    expect(JSON.parse(await exported())).toEqual(JSON.parse(cli('9', 25)));
    expect(viewer.errors).toEqual([]);
  });
});
