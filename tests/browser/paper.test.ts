/**
 * The board paper: `casecast report` from the real CLI for a what-if on the
 * default scenario (20 ISS case workers, at the point estimate, 20
 * replications), printed to PDF by Debian's chromium. Its pages go to images
 * (pdftoppm) and text (pdftotext, Debian's poppler-utils): 2 to 4 A4 pages,
 * the headline figures of `casecast run --format json` on the same settings,
 * and the --set named in what was changed. Then the viewer's "Board paper"
 * button opens the same page with the viewer's results. Page images go to
 * dist/paper-test/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../engine/results.ts';
import { answer, compareRows, question, shown, type PaperData } from '../../present/paper.ts';
import { headlineCards } from '../../web/shape.ts';
import { repo, startViewer, type Viewer } from './browser.ts';

const out = join(repo, 'dist', 'paper-test');
const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';
const SETTINGS = ['--set', 'services.iss.staff.fte=20', '--fixed', '-r', '20', '--seed', '1', '--workers', '1'];
const casecast = (args: string[]): string => execFileSync(process.execPath, [join(repo, 'cli', 'bin.js'), ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
const tool = (name: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
};
/** Text as pdftotext writes it, spaces run together (it breaks lines where the page does). */
const flat = (s: string): string => s.replace(/\s+/g, ' ');
/** Text without any spaces: pdftotext may break a line after a dash or a minus sign. */
const bare = (s: string): string => s.replace(/\s+/g, '');

let results: Results;
let pages: string[];
let text: string;

beforeAll(() => {
  if (!tool('pdftoppm') || !tool('pdftotext')) throw new Error('pdftoppm and pdftotext are missing: the board paper test needs Debian poppler-utils. Install it with: apt-get install -y poppler-utils');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const pdf = join(out, 'paper.pdf');
  casecast(['report', DEFAULT, ...SETTINGS, '--out', pdf, '--quiet']);
  results = JSON.parse(casecast(['run', DEFAULT, ...SETTINGS, '--format', 'json', '--quiet'])) as Results;
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(out, 'page')]);
  pages = readdirSync(out).filter((f) => /^page-\d+\.png$/.test(f)).sort();
  text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
}, 180_000);

describe('casecast report --out paper.pdf', () => {
  it('prints two to four A4 pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(4);
    const info = execFileSync('pdfinfo', [join(out, 'paper.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    // Nothing of the viewer's controls.
    expect(text).not.toMatch(/Copy link|Results \(JSON\)|Export/);
  });

  it('asks the question and answers it with the run’s NPV', () => {
    const t = flat(text);
    expect(t).toContain(question(results));
    expect(t).toContain(flat(answer(results)));
  });

  it('has the headline figures of casecast run --format json on the same settings', () => {
    const t = flat(text);
    const cards = headlineCards(results);
    expect(cards.map((c) => c.key)).toEqual(['overCapacity', 'npv', 'bcr', 'roi', 'payback']);
    for (const c of cards) {
      expect(t, c.title).toContain(c.title);
      expect(t, `${c.title}: value`).toContain(c.value);
      expect(bare(text), `${c.title}: interval`).toContain(bare(c.interval));
    }
  });

  it('draws the caseload and waiting charts and the money tables', () => {
    for (const h of ['Caseload against capacity', 'Waiting list', 'Cumulative cost against savings', 'Who pays and who benefits', 'Money by year']) expect(text).toContain(h);
    expect(flat(text)).toContain('Years from start');
  });

  it('names what was changed: services.iss.staff.fte = 20', () => {
    const t = flat(text);
    const changed = t.slice(t.indexOf('What was changed from the scenario file'));
    expect(changed).toContain('services.iss.staff.fte = 20');
    expect(t).toContain('Key assumptions and their sources');
  });

  it('gives the provenance: version, seed, replications and the scenario sha256', () => {
    const t = flat(text);
    const m = results.manifest;
    expect(t).toContain(`casecast version ${m.version}`);
    expect(t).toContain(`Seed ${m.seed}`);
    expect(t).toContain(`Replications ${m.replications} at the point estimate`);
    // pdftotext may break a long hash where the line wraps.
    expect(t.replace(/ /g, '')).toContain(m.sha256);
  });
});

describe('casecast report --out paper.html', () => {
  it('writes one self-contained page with the data as JSON text', () => {
    const html = join(out, 'paper.html');
    casecast(['report', DEFAULT, ...SETTINGS, '--out', html, '--quiet']);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    const data = /<script id="paper-data" type="application\/json">([^]*?)<\/script>/.exec(page);
    expect(data).not.toBeNull();
    const parsed = JSON.parse(data![1]) as { sets: string[]; results: Results };
    expect(parsed.sets).toEqual(['services.iss.staff.fte=20']);
    expect(parsed.results.economics?.summary.npv.mean).toBeCloseTo(results.economics!.summary.npv.mean, 6);
  }, 120_000);
});

describe('casecast report --compare', () => {
  it('carries the paired differences and the file differences against B', () => {
    const html = join(out, 'compare.html');
    casecast(['report', DEFAULT, '--compare', 'scenarios/liverpool-waves-of-hope-more-staff.yaml', '--fixed', '-r', '10', '--seed', '1', '--workers', '1', '--out', html, '--quiet']);
    const page = readFileSync(html, 'utf8');
    const data = JSON.parse(/<script id="paper-data" type="application\/json">([^]*?)<\/script>/.exec(page)![1]) as PaperData;
    const c = data.compare!;
    expect(c.file).toBe('scenarios/liverpool-waves-of-hope-more-staff.yaml');
    expect(c.parameters.differences.map((d) => d.path)).toContain('services[0].staff.fte');
    const rows = compareRows(c);
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Programme cost (PV)', 'Net present value', 'Benefit–cost ratio']));
    expect(rows.some((r) => r[0].startsWith('Waiting list, year'))).toBe(true);
    expect(shown(107.10000000000001)).toBe('107.1');
  }, 120_000);
});

describe('the viewer’s Board paper button', () => {
  let viewer: Viewer | undefined;
  beforeAll(async () => {
    viewer = await startViewer('paper-viewer');
  }, 120_000);
  afterAll(async () => {
    await viewer?.close();
  });

  it('opens the paper page with the viewer’s results', async () => {
    const page = await viewer!.open();
    await page.goto(viewer!.url);
    await page.locator('#editor').waitFor();
    await page.fill('#seed', '1');
    await page.fill('#replications', '20');
    await page.check('#fixed');
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 60_000 });
    const npvCard = (await page.locator('.card[data-card="npv"] .value, #cards [data-key="npv"] .value').first().textContent().catch(() => null))?.trim();
    const [paper] = await Promise.all([page.waitForEvent('popup'), page.click('#board-paper')]);
    await paper.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    expect(await paper.locator('h1').textContent()).toContain('Liverpool Waves of Hope');
    for (const chart of ['caseload', 'waiting', 'money', 'agency']) expect(await paper.locator(`[data-chart="${chart}"] svg`).count(), chart).toBe(1);
    expect(await paper.locator('.card').count()).toBe(5);
    const paperNpv = (await paper.locator('.card[data-card="npv"] .value').textContent())?.trim();
    if (npvCard) expect(paperNpv).toBe(npvCard);
    await paper.screenshot({ path: join(out, 'viewer-paper.png'), fullPage: true });
    expect(viewer!.errors).toEqual([]);
  }, 120_000);
});

describe('casecast report on a scenario with a staged front door and contacts', () => {
  let paperText: string;
  let res: Results;
  beforeAll(() => {
    const pdf = join(out, 'front-door.pdf');
    const file = 'scenarios/cheshire-front-door.yaml';
    const args = ['--fixed', '-r', '10', '--seed', '1', '--workers', '1'];
    casecast(['report', file, ...args, '--out', pdf, '--quiet']);
    res = JSON.parse(casecast(['run', file, ...args, '--format', 'json', '--quiet'])) as Results;
    paperText = flat(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
  }, 180_000);

  it('prints the front-door stages and the contacts by year, with the run\'s figures', () => {
    expect(paperText).toContain('Front door: people in each stage and waiting to enter it');
    expect(paperText).toContain('Contacts by year');
    // Year 1's partner referrals made: the sum of the first year's periods, as the terminal report adds them.
    const made = res.dynamics!['contacts.partner-referral.made'].mean.slice(0, 12).reduce((a, x) => a + x, 0);
    expect(paperText).toMatch(new RegExp(`Year partner-referral made .*? 1 ${Math.round(made)} `));
  });
});
