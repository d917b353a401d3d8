/** The value-of-information section: load a PSA's summary.json, draw its EVPPI bars with their table and export buttons. */
import { drawEvppi, evppiTable } from './charts/evppi.ts';
import { readEvppiSummary, SUMMARY_MAX_BYTES } from './evppi-summary.ts';
import { addExportButtons } from './exports.ts';
import { fileSizeProblem } from './inputs.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

export function showEvppi(): { exportName: () => string } {
  const host = $('chart-evppi');
  const errs = $('evppi-errors');
  let stem = 'summary';
  const refuse = (message: string): void => {
    $('evppi-error-text').textContent = message;
    errs.hidden = false;
  };
  $<HTMLInputElement>('evppi-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    // Said at once, before reading: a large file would hold the page while it is read.
    const big = fileSizeProblem(file, SUMMARY_MAX_BYTES, 'summary.json files');
    if (big) {
      input.value = '';
      return refuse(`${big}. A PSA's summary.json is tens of kilobytes.`);
    }
    let data;
    try {
      data = readEvppiSummary(await file.text(), file.name);
    } catch (err) {
      return refuse(err instanceof Error ? err.message : String(err));
    }
    stem = file.name.replace(/\.json$/i, '');
    errs.hidden = true;
    $('evppi-figure').hidden = false;
    $('evppi-sweep').textContent = data.sweep;
    drawEvppi(host, data);
    addExportButtons(host);
    $('evppi-table').replaceChildren(evppiTable(data));
  });
  return { exportName: () => `${stem}-evppi` };
}
