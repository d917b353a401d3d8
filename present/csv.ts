/** The CSV files of a run (series.csv, series-wide.csv, ledger.csv): what `casecast run --out` writes and the viewer exports. */
import { agencyLabels, type Agency } from '../engine/economics/types.ts';
import type { LedgerSummary } from '../engine/run.ts';
import type { Band } from '../engine/band.ts';
import type { Results } from '../engine/results.ts';
import { csvRow } from '../engine/csv.ts';
import { reservedStateNames } from '../engine/model/check.ts';

const reserved = new Set<string>(reservedStateNames);

const row = csvRow;

/** The dynamics series (staff, contacts, demand turned away), named `dynamics.<name>`; none when the results have none. */
const dynamicsBands = (results: Results): [string, Band][] => Object.entries(results.dynamics ?? {}).map(([name, b]): [string, Band] => [`dynamics.${name}`, b]);

/**
 * series.csv: one row per period × series, columns t, state, mean, lo, hi.
 * The states come first, then `total` (open cases), `weighted` (weighted
 * caseload), `waiting` (people on waiting lists), `waitingForFirstPlace`
 * (those of them who never started) and `openIncludingWaiting` (open cases
 * plus everyone waiting who is not one), then, when the scenario has them,
 * the dynamics series as `dynamics.<name>` (staff.<service>.employed, …).
 */
export function seriesCsv(results: Results): string {
  const states = Object.keys(results.series).filter((k) => !reserved.has(k));
  const named = ([
    ...states.map((s): [string, Band | undefined] => [s, results.series[s] as Band]),
    ['total', results.series.total],
    ['weighted', results.series.weighted],
    ['waiting', results.waiting.total],
    ['waitingForFirstPlace', results.series.waitingForFirstPlace as Band | undefined],
    ['openIncludingWaiting', results.series.openIncludingWaiting as Band | undefined],
    ...dynamicsBands(results),
  ] as [string, Band | undefined][]).filter((n): n is [string, Band] => n[1] !== undefined); // results from before a series existed lack it
  const lines = [row(['t', 'state', 'mean', 'lo', 'hi'])];
  results.series.t.forEach((t, k) => {
    for (const [name, b] of named) lines.push(row([t, name, b.mean[k], b.lo[k], b.hi[k]]));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * series-wide.csv: one row per period, as a spreadsheet wants it: the period's
 * end in years and as year and month, then each series' mean, lo and hi
 * (states, open cases, weighted caseload, waiting, staffed capacity, and each
 * service's load, capacity and waiting list, then any dynamics series as
 * `dynamics.<name>`).
 */
export function seriesWideCsv(results: Results): string {
  const states = Object.keys(results.series).filter((k) => !reserved.has(k));
  const bands: [string, Band | undefined][] = [
    ...states.map((st): [string, Band] => [st, results.series[st] as Band]),
    ['total', results.series.total],
    ['weighted', results.series.weighted],
    ['waiting', results.waiting.total],
    ['capacity', results.capacity.total],
    ...Object.entries(results.capacity.services).flatMap(([name, sv]): [string, Band][] => [[`${name}.load`, sv.load], [`${name}.capacity`, sv.capacity], [`${name}.waiting`, sv.waiting]]),
    ...dynamicsBands(results),
  ];
  const named = bands.filter((n): n is [string, Band] => n[1] !== undefined);
  const lines = [row(['t', 'year', 'month', ...named.flatMap(([n]) => [n, `${n}.lo`, `${n}.hi`])])];
  results.series.t.forEach((t, k) => {
    // Period k ends in month ((k + 1) × months per period) of the run: year 1 month 12 is the first year's end.
    const months = Math.round(t * 12);
    lines.push(row([t, Math.ceil(months / 12 - 1e-9), ((months - 1) % 12) + 1, ...named.flatMap(([, b]) => [b.mean[k], b.lo[k], b.hi[k]])]));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * ledger.csv: one row per year × agency × item, the mean (and interval: 95%
 * of the mean, or over parameter draws the 90% uncertainty interval) across
 * replications of the undiscounted amount in pounds at the price base
 * year, before appraisal adjustments. Savings are counterfactual minus
 * scenario cost, so a negative saving is extra demand.
 */
export function ledgerCsv(ledger: LedgerSummary): string {
  const lines = [row(['year', 'agency', 'agencyLabel', 'kind', 'item', 'valueType', 'cashable', 'mean', 'lo', 'hi'])];
  for (let y = 0; y < ledger.years; y++) {
    ledger.lines.forEach((l, i) => {
      lines.push(row([y + 1, l.agency, agencyLabels[l.agency as Agency] ?? l.agency, l.kind, l.item, l.valueType, l.cashable, ledger.mean[i][y], ledger.lo[i][y], ledger.hi[i][y]]));
    });
  }
  return `${lines.join('\n')}\n`;
}
