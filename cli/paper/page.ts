/**
 * The board paper as one self-contained HTML file: web/paper.html with its
 * style sheets and web/paper.ts (bundled with esbuild, the viewer's charts and
 * d3 in it) inlined, and the paper's data embedded as JSON in #paper-data.
 * The page opens anywhere, with no server and no network.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptJson, type PaperData } from './data.ts';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** The bundled script of the paper page, as one classic script. */
async function paperScript(): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(web, 'paper.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return out.outputFiles[0].text;
}

/** Text for inside a <style> or <script> element: nothing in it can end the element early. */
const inert = (text: string, tag: 'style' | 'script'): string => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

/** The paper as one HTML document. */
export async function paperHtml(data: PaperData): Promise<string> {
  const template = readFileSync(join(web, 'paper.html'), 'utf8');
  const css = ['style.css', 'paper.css'].map((f) => readFileSync(join(web, f), 'utf8')).join('\n');
  const js = await paperScript();
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
