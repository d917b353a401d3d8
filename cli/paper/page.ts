/**
 * The board paper as one self-contained HTML file: web/paper.html with its
 * style sheets and web/paper.ts (the viewer's charts and d3 in it, compiled
 * at build time into dist/paper/ with copies of the page and its styles, see
 * build.mjs) inlined, and the paper's data embedded as JSON in #paper-data.
 * The page opens anywhere, with no server and no network.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.ts';
import { scriptJson, type PaperData } from '../../present/paper.ts';

/** The page's files as built: paper.html, style.css, paper.css and paper.js (one minified classic script). */
const built = (file: string): string => readFileSync(join(packageRoot(), 'dist', 'paper', file), 'utf8');

/** Text for inside a <style> or <script> element: nothing in it can end the element early. */
const inert = (text: string, tag: 'style' | 'script'): string => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

/** The paper as one HTML document. */
export async function paperHtml(data: PaperData): Promise<string> {
  const template = built('paper.html');
  const css = ['style.css', 'paper.css'].map(built).join('\n');
  const js = built('paper.js');
  const pieces: Record<string, string> = {
    styles: `<style>\n${inert(css, 'style')}\n</style>`,
    data: `<script id="paper-data" type="application/json">${scriptJson(data)}</script>`,
    script: `<script>\n${inert(js, 'script')}\n</script>`,
  };
  const html = template
    .replace(/\s*<link rel="stylesheet" href="\.\/style\.css" \/>\s*<link rel="stylesheet" href="\.\/paper\.css" \/>/, '\n    @@styles@@')
    .replace('<script id="paper-data" type="application/json"></script>', '@@data@@')
    .replace('<script type="module" src="./paper.ts"></script>', '@@script@@');
  for (const k of Object.keys(pieces)) if (!html.includes(`@@${k}@@`)) throw new Error(`web/paper.html: cannot find where the ${k} go`);
  // A function replacement, so "$" in the bundle is not read as a pattern.
  return html.replace(/@@(styles|data|script)@@/g, (_, k: string) => pieces[k]);
}
