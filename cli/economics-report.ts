import { agencyLabels, type Agency } from '../engine/economics/types.ts';
import type { Results } from '../engine/results.ts';
import { chanceLines, headlineMeasures, headlineRows, intervalWords, ratio } from '../present/headline.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { estimate, money, num, pct } from '../present/format.ts';
import { table, wrap } from './format.ts';

const label = (a: string): string => agencyLabels[a as Agency] ?? a;

function payback(p: { median: number | null; probWithinHorizon: number }): string {
  if (p.probWithinHorizon === 0) return 'not within the horizon';
  return `${p.median === null ? 'mostly not within the horizon' : `year ${num(p.median, 0)} (median)`}; pays back in ${pct(p.probWithinHorizon)} of replications`;
}

/** The headline table of a run over parameter draws, the chances by draw, and what the two intervals mean. */
function drawnHeadline(results: Results): string[] {
  const u = results.uncertainty!;
  const words = intervalWords(results);
  const rows = headlineRows(results).filter((r) => headlineMeasures.find((m) => m.key === r.key)!.economics);
  return [
    wrap(`${num(u.draws, 0)} parameter draws × ${num(u.replicationsPerDraw, 0)} replications, drawn from the scenario's uncertainty section (${u.parameters.length} parameters).`),
    wrap(words.uncertainty!),
    wrap(words.monteCarlo),
    table(['Measure', 'Expected', 'Uncertainty interval (90%)', 'Monte Carlo error (95%)'], rows.map((r) => [r.measure, r.expected, r.uncertainty, r.monteCarlo])),
    ...chanceLines(results).map((l) => wrap(l)),
  ];
}

/** The invest-to-save summary: headline figures, who pays and who benefits, and the money by year. */
export function formatEconomics(results: Results, scenario: Scenario): string {
  const e = results.economics!;
  const econ = scenario.economics!;
  const s = e.summary;
  const rates = econ.appraisal.discount.map((d) => `${(d.rate * 100).toFixed(1)}%`).join(', then ');
  const drawn = results.uncertainty !== undefined;
  const out: string[] = [];
  out.push(`\n${wrap(`Invest to save: £ at ${econ.priceYear} prices, discounted at ${rates} (present values)`)}`);
  if (drawn) out.push(...drawnHeadline(results));
  else {
    const rows = headlineRows(results).filter((r) => headlineMeasures.find((m) => m.key === r.key)!.economics);
    const words = intervalWords(results);
    out.push(wrap(`Mean (95% interval) across replications. ${words.monteCarlo}${scenario.uncertainty ? ` ${words.fixedNote} Run without --fixed for the uncertainty interval.` : ''}`));
    out.push(
      table(
        ['Measure', 'Value', 'Reading'],
        [
          ...rows.map((r) => [r.measure, r.monteCarlo && r.monteCarlo !== r.expected ? `${r.expected} (${r.monteCarlo})` : r.expected, r.key === 'npv' ? (s.npv.mean >= 0 ? 'savings exceed cost' : 'cost exceeds savings') : r.key === 'bcr' ? `£${ratio(s.bcr.mean)} back for every £1 spent (public value)` : r.reading]),
          ['Payback', payback(s.paybackYear), 'first year cumulative savings reach cumulative cost'],
          ['P(fiscal ROI > 1)', estimate(s.probRoiAbove1, pct), 'share of replications that return more than they cost'],
          ['Cashable savings', estimate(s.cashable, money), 'budget that could actually be released'],
          ['Non-cashable savings', estimate(s.nonCashable, money), 'capacity freed for other work'],
        ],
      ),
    );
  }
  out.push('\nWho pays and who benefits (present values)');
  out.push(
    table(
      ['Agency', 'Pays', 'Saves', 'Net', 'ROI', 'Payback'],
      Object.entries(e.byAgency).map(([a, f]) => [
        label(a),
        estimate(f.costs, money),
        estimate(f.savings, money),
        estimate(f.npv, money),
        Number.isFinite(f.roi.mean) ? estimate(f.roi, ratio) : '–',
        f.paybackYear.probWithinHorizon > 0 ? payback(f.paybackYear) : '–',
      ]),
    ),
  );
  const y = e.byYear;
  out.push('\nBy year (undiscounted cost and savings; cumulative figures discounted)');
  out.push(
    table(
      ['Year', 'Programme cost', 'Gross savings', 'Net savings', 'Cumulative cost', 'Cumulative savings'],
      y.year.map((yr, i) => [
        String(yr),
        money(y.costs.mean[i]),
        money(y.grossSavings.mean[i]),
        money(y.netBenefits.mean[i]),
        money(y.cumulativeDiscountedCosts.mean[i]),
        money(y.cumulativeDiscountedBenefits.mean[i]),
      ]),
    ),
  );
  return out.join('\n');
}
