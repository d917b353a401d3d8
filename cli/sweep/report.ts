/** A finished sweep's summary as tables for people: the tornado, the spread and, for a PSA, the decision. */
import type { PsaSummary, SweepSummary, TornadoRow } from '../../engine/sweep/analysis.ts';
import { money, num, pct } from '../../present/format.ts';
import { fitProse, table } from '../format.ts';
import { writeOut } from '../terminal.ts';
import type { SweepManifest } from './outputs.ts';

const ratio = (x: number | null): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(2).replace('-', '−'));

/** Formats a value of a tornado metric; payback's null is "never" within the horizon. */
function metricValue(metric: string, x: number | null): string {
  if (x === null || !Number.isFinite(x)) return metric === 'payback year' ? 'not within horizon' : '–';
  if (metric.startsWith('NPV')) return money(x);
  if (metric === 'payback year') return `year ${num(x, 0)}`;
  return num(x, 0);
}

/** A parameter setting in its unit: "0.04 per month", "£117", "14". */
function input(x: number, unit: string): string {
  const n = String(Number(x.toPrecision(4)));
  return unit === '£' ? `£${n}` : unit ? `${n} ${unit}` : n;
}

export function formatSweepSummary(s: SweepSummary, m: SweepManifest): string {
  const out: string[] = [];
  const runs = s.variants * s.replications;
  out.push(`Sweep: ${s.sweep}`);
  out.push(`${s.design}, ${s.variants} variants × ${s.replications} replications (${num(runs, 0)} runs), seed ${m.seed}, on common random numbers; base scenario ${m.options[0].label}`);
  const units = new Map(m.parameters.map((p) => [p.label, p.unit]));
  const how =
    s.design === 'oneway'
      ? 'each parameter at its low and high setting, the others at base'
      : s.design === 'grid'
        ? 'mean over the grid at each parameter\'s lowest and highest level (main effects)'
        : 'linear fit across the samples, each parameter from its 5th to 95th percentile, the others at their means';
  for (const metric of [...new Set(s.tornado.map((r) => r.metric))]) {
    const rows = s.tornado.filter((r) => r.metric === metric);
    const centre = s.design === 'oneway' ? 'base' : s.design === 'grid' ? 'mean over the grid' : 'fitted at the means';
    const fitted = s.design !== 'oneway' && (rows[0]?.base ?? null) === null;
    out.push(`\nTornado: ${metric}, by swing (${how})${fitted ? '' : `; ${centre} ${metricValue(metric, rows[0]?.base ?? null)}`}`);
    if (rows.every((r) => r.low === null && r.high === null)) {
      const few = metric === 'payback year' && s.paybackShare !== null && s.paybackShare > 0;
      out.push(
        metric !== 'payback year'
          ? 'No values.'
          : few
            ? `Only ${pct(s.paybackShare!)} of the variants pay back within the horizon: too few to rank the parameters by payback (see NPV above).`
            : 'No variant pays back within the horizon.',
      );
      continue;
    }
    out.push(
      table(
        ['Parameter', 'Low → high setting', 'At low', 'At high', 'Swing'],
        rows.map((r: TornadoRow) => [
          `${String(r.rank).padStart(2)}. ${r.parameter}`,
          `${input(r.lowInput, units.get(r.parameter) ?? '')} → ${input(r.highInput, units.get(r.parameter) ?? '')}`,
          metricValue(metric, r.low),
          metricValue(metric, r.high),
          Number.isFinite(r.swing) ? (metric.startsWith('NPV') ? money(r.swing) : num(r.swing, 0)) : 'to beyond horizon',
        ]),
      ),
    );
  }
  const psa = s.psa;
  if (psa) {
    out.push(`\nProbabilistic sensitivity analysis: ${psa.draws} draws of the parameters, each run ${s.replications} times`);
    out.push(
      table(
        ['Option', 'Mean NPV', '90% range', 'P(NPV > 0)', 'Mean ROI', '90% range', 'P(ROI > 1)', 'P(best)'],
        psa.options.map((o) => [
          `${o.name} (${o.label})`,
          money(o.npv.mean),
          `${money(o.npv.p5)} to ${money(o.npv.p95)}`,
          pct(o.probNpvPositive),
          ratio(o.roi?.mean ?? null),
          o.roi ? `${ratio(o.roi.p5)} to ${ratio(o.roi.p95)}` : '–',
          o.probRoiAbove1 === null ? '–' : pct(o.probRoiAbove1),
          pct(o.probBest),
        ]),
      ),
    );
    const nothing = psa.decision.probBest['do nothing'];
    if (nothing !== undefined) out.push(`do nothing: NPV £0 against business as usual by definition; best in ${pct(nothing)} of draws`);
    const base = psa.options[0];
    if (base) {
      const per = Math.max(1, Math.ceil(Math.max(...base.npvHistogram.map((b) => b.count)) / 40)); // bars at most 40 wide
      out.push(`\nNPV across the ${psa.draws} draws, ${base.name} (each █ is ${per} draw${per > 1 ? 's' : ''})`);
      const labels = base.npvHistogram.map((b) => `${money(b.from)} to ${money(b.to)}`);
      const width = Math.max(...labels.map((l) => l.length));
      base.npvHistogram.forEach((b, i) => out.push(`${labels[i].padStart(width)}  ${'█'.repeat(Math.ceil(b.count / per))}${b.count > 0 ? ` ${b.count}` : ''}`));
    }
    const years = psa.options[0]?.paybackByYear.length ?? 0;
    out.push('\nChance of having paid back by each year (share of draws whose expected savings have caught up with costs)');
    out.push(
      table(
        ['Option', ...Array.from({ length: years }, (_, y) => `Y${y + 1}`)],
        psa.options.map((o) => [o.name, ...o.paybackByYear.map(pct)]),
      ),
    );
    out.push(
      `\nDecision between ${psa.decision.options.join(', ')}: on current information choose "${psa.decision.choice}".` +
        `\nExpected value of perfect information: ${money(psa.decision.evpi)} (what removing all parameter uncertainty would be worth to this decision; an upper bound on the value of further research).`,
    );
    out.push(...evppiTable(psa));
  } else if (s.spread.npv) {
    const n = s.spread.npv;
    out.push(`\nNPV across variants: mean ${money(n.mean)}, 5th to 95th percentile ${money(n.p5)} to ${money(n.p95)}`);
  }
  return out.join('\n');
}

/**
 * The EVPPI table: each parameter, then each named group, ranked, with its
 * share of the EVPI; a line says what the numbers mean and how they were fitted.
 */
function evppiTable(psa: PsaSummary): string[] {
  const e = psa.evppi;
  if (!e || e.parameters.length === 0) return [];
  const rows = [...e.parameters, ...e.groups];
  const out = [
    `\nExpected value of partial perfect information (EVPPI): what it would be worth to the decision to know this parameter (or group) for certain; the EVPI is the most any can be worth.`,
    table(
      ['Parameter or group', 'EVPPI', '± s.e.', 'Share of EVPI'],
      rows.map((r) => [`${String(r.rank).padStart(2)}. ${r.parameters ? `group ${r.label}` : r.label}`, money(r.evppi), money(r.se), psa.decision.evpi > 0 ? pct(r.share) : '–']),
    ),
  ];
  const sub = e.groups.find((g) => g.fitted < psa.draws);
  const against = e.reference === 'do nothing' ? 'not funding' : `"${e.reference}"`;
  out.push(
    `Each option's NPV against ${against}, regressed on the parameter (a penalised spline)${e.groups.length > 0 ? ' or the group (a Gaussian process' + (sub ? `, fitted on ${num(sub.fitted, 0)} of the ${num(psa.draws, 0)} draws, evenly spaced` : '') + ')' : ''}; s.e. is the uncertainty of the fit (Strong, Oakley and Brennan 2014).`,
  );
  return out;
}

/** The summary on stdout: as tables, or as summary.json. */
export function writeSummary(format: 'table' | 'json', files: Record<string, string>, summary: SweepSummary, manifest: SweepManifest): void {
  if (format === 'json') writeOut(files['summary.json'], 'json');
  else writeOut(`${fitProse(formatSweepSummary(summary, manifest))}\n`);
}
