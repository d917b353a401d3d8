import { agencyLabels, type Agency } from '../engine/economics/types.ts';
import type { EconomicsSummary } from '../engine/economics/appraisal.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { estimate, money, num, pct, table } from './format.ts';

const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2).replace('-', '−') : '–');
const label = (a: string): string => agencyLabels[a as Agency] ?? a;

function payback(p: { median: number | null; probWithinHorizon: number }): string {
  if (p.probWithinHorizon === 0) return 'not within the horizon';
  return `${p.median === null ? 'mostly not within the horizon' : `year ${num(p.median, 0)} (median)`}; pays back in ${pct(p.probWithinHorizon)} of replications`;
}

/** The invest-to-save summary: headline figures, who pays and who benefits, and the money by year. */
export function formatEconomics(e: EconomicsSummary, scenario: Scenario): string {
  const econ = scenario.economics!;
  const s = e.summary;
  const rates = econ.appraisal.discount.map((d) => `${(d.rate * 100).toFixed(1)}%`).join(', then ');
  const out: string[] = [];
  out.push(`\nInvest to save: £ at ${econ.priceYear} prices, discounted at ${rates} (present values; mean and 95% interval)`);
  out.push(
    table(
      ['Measure', 'Value', 'Reading'],
      [
        ['Programme cost', estimate(s.pvCosts, money), 'what the programme costs over the horizon'],
        ['Savings to public services', estimate(s.pvBenefits, money), 'net of deadweight, attribution, displacement and optimism bias'],
        ['Net present value', estimate(s.npv, money), s.npv.mean >= 0 ? 'savings exceed cost' : 'cost exceeds savings'],
        ['Benefit–cost ratio', estimate(s.bcr, ratio), `£${ratio(s.bcr.mean)} back for every £1 spent (public value)`],
        ['Fiscal ROI', estimate(s.roi, ratio), 'fiscal savings (welfare included) per £1 spent'],
        ['Payback', payback(s.paybackYear), 'first year cumulative savings reach cumulative cost'],
        ['P(fiscal ROI > 1)', estimate(s.probRoiAbove1, pct), 'share of replications that return more than they cost'],
        ['Cashable savings', estimate(s.cashable, money), 'budget that could actually be released'],
        ['Non-cashable savings', estimate(s.nonCashable, money), 'capacity freed for other work'],
      ],
    ),
  );
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
