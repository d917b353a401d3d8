/**
 * The viewer shows a scenario's dynamics: for a scenario with front-door
 * stages, staff turnover and absence, contacts against a limit and books
 * that close (fixtures/front-door-dynamics.yaml), the front-door chart with
 * its stage picker, staff in post against the establishment, contacts and
 * referrals turned away, the closed periods shaded on the caseload chart,
 * and the tables the CLI prints, laid out as text (present/dynamics.ts).
 * The default scenario, which has none of these, shows none of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo, startViewer, type Viewer } from './browser.ts';

const FIXTURE = join(repo, 'tests', 'browser', 'fixtures', 'front-door-dynamics.yaml');

let viewer: Viewer | undefined;
let page: Page;

beforeAll(async () => {
  viewer = await startViewer('web-dynamics');
  page = await viewer.open();
}, 60_000);

afterAll(async () => {
  await viewer?.close();
});

async function run(): Promise<void> {
  await page.fill('#replications', '20');
  await page.check('#fixed');
  await page.click('#run');
  await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
}

describe('viewer dynamics', () => {
  it('charts staff, contacts, turned-away demand and front-door stages for a scenario with them', async () => {
    await page.goto(viewer!.url);
    await page.locator('#editor').waitFor({ state: 'attached' });
    await page.setInputFiles('#upload', { name: 'front-door-dynamics.yaml', mimeType: 'text/yaml', buffer: readFileSync(FIXTURE) });
    await expect.poll(() => page.locator('#status').textContent()).toContain('Opened front-door-dynamics.yaml');
    await run();
    const data = JSON.parse((await page.locator('#run-data').textContent()) ?? '{}');
    expect(data.dynamics).toContain('staff.team.employed');
    expect(data.stages).toEqual(['triage', 'profile']);

    // Staff in post against the establishment, one service.
    expect(await page.locator('#staff-figure').isVisible()).toBe(true);
    expect(await page.locator('#chart-staff path.employed[data-service="team"]').count()).toBe(1);
    expect(await page.locator('#chart-staff path.establishment').count()).toBe(1);
    // Contacts made and unmet, and referrals turned away.
    expect(await page.locator('#counts-figure').isVisible()).toBe(true);
    expect(await page.locator('#chart-counts path.count').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')))).toEqual(['checks made', 'checks unmet', 'referrals turned away']);
    // The books close in this scenario: shaded periods on the caseload chart.
    expect(await page.locator('#chart-caseload rect.closed').count()).toBeGreaterThan(0);

    // Front-door stages, picked one at a time.
    expect(await page.locator('#front-door-figure').isVisible()).toBe(true);
    expect(await page.locator('#front-door-stage option').allTextContents()).toEqual(['triage', 'profile']);
    expect(await page.locator('#chart-front-door svg').getAttribute('aria-label')).toContain('triage');
    await page.selectOption('#front-door-stage', 'profile');
    expect(await page.locator('#chart-front-door svg').getAttribute('aria-label')).toContain('profile');
    expect(await page.locator('#chart-front-door path.stage-waiting').count()).toBe(1);

    // The CLI's tables, by year.
    expect(await page.locator('#dynamics-tables table').evaluateAll((ts) => ts.map((t) => (t as HTMLElement).dataset.table))).toEqual(['frontDoor', 'staff', 'contacts', 'demand']);
    expect(await page.locator('#dynamics-tables table[data-table="staff"] th').allTextContents()).toEqual(['Year', 'team employed', 'team vacant', 'team absent']);
    expect(await page.locator('#dynamics-tables table[data-table="demand"] tbody tr').count()).toBe(3);

    // Text from the file is shown as text, never parsed as HTML.
    expect(await page.locator('#run-meta').textContent()).toContain('Front door <b>test</b>');
    expect(await page.locator('#results b').count()).toBe(0);
    await page.screenshot({ path: join(repo, 'dist', 'web-dynamics', 'dynamics.png'), fullPage: true });
    expect(viewer!.errors).toEqual([]);
  }, 120_000);

  it('shows none of them for a scenario without dynamics', async () => {
    await page.selectOption('#scenario', 'scenarios/liverpool-waves-of-hope.yaml');
    await run();
    for (const id of ['#staff-figure', '#counts-figure', '#front-door-figure']) expect(await page.locator(id).isHidden(), id).toBe(true);
    expect(await page.locator('#dynamics-tables table').count()).toBe(0);
    expect(await page.locator('#chart-caseload rect.closed').count()).toBe(0);
    expect(viewer!.errors).toEqual([]);
  }, 120_000);
});
