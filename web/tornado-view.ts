/** The tornado section: load a sweep's tornado.csv, pick a metric, draw it with its table and export buttons. */
import { drawTornado, tornadoTable } from './charts/tornado.ts';
import { addExportButtons } from './exports.ts';
import { fileSizeProblem, TORNADO_MAX_BYTES, TORNADO_MAX_ROWS } from './inputs.ts';
import sampleTornado from './sample-tornado.csv?raw';
import { metricsOf, parseTornado, rowsFor, type TornadoCsvRow } from '../engine/sweep/tornado-csv.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function showTornado(): { exportName: () => string } {
  const host = $('chart-tornado');
  const picker = $<HTMLSelectElement>('tornado-metric');
  const errs = $('tornado-errors');
  let rows: TornadoCsvRow[] = [];
  let stem = 'tornado';

  const draw = (): void => {
    const metric = picker.value;
    const mine = rowsFor(rows, metric);
    drawTornado(host, mine, metric);
    addExportButtons(host);
    $('tornado-table').replaceChildren(tornadoTable(mine, metric));
  };

  $<HTMLAnchorElement>('tornado-sample').href = URL.createObjectURL(new Blob([sampleTornado], { type: 'text/csv' }));
  picker.addEventListener('change', draw);
  $<HTMLInputElement>('tornado-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const refuse = (message: string): void => {
      $('tornado-error-text').textContent = message;
      errs.hidden = false;
    };
    // Said at once, before reading: a large file would hold the page while it is read and drawn.
    const big = fileSizeProblem(file, TORNADO_MAX_BYTES, 'tornado.csv files');
    if (big) {
      input.value = '';
      return refuse(`${big}. A sweep's tornado.csv has one row per parameter and metric, a few kilobytes.`);
    }
    try {
      rows = parseTornado(await file.text(), file.name, { maxRows: TORNADO_MAX_ROWS });
    } catch (err) {
      return refuse(err instanceof Error ? err.message : String(err));
    }
    stem = file.name.replace(/\.csv$/i, '');
    errs.hidden = true;
    const { metrics, initial } = metricsOf(rows);
    picker.replaceChildren(...metrics.map((m) => new Option(m, m, m === initial, m === initial)));
    // A choice is offered only when there is one to make.
    $('tornado-metric-field').hidden = metrics.length < 2;
    $('tornado-figure').hidden = false;
    draw();
  });
  return { exportName: () => `${stem}-${slug(picker.value) || 'metric'}` };
}
