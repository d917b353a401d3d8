/** Prints the board paper to PDF with Debian's chromium through playwright-core, once the page has drawn its charts. */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.ts';

export const CHROMIUM = '/usr/bin/chromium';

export async function printPdf(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) {
    throw new InputError(`casecast report --out *.pdf prints with chromium, and ${CHROMIUM} is missing. Install it (Debian: apt-get install -y chromium), or write --out paper.html and print that from a browser.`);
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new InputError('casecast report --out *.pdf needs the playwright-core package: run npm install in the casecast folder, or write --out paper.html.');
  }
  const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(html, { waitUntil: 'load' });
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 }).catch(() => {
      throw new Error(`the board paper did not finish drawing${errors.length ? `: ${errors.join('; ')}` : ''}`);
    });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
