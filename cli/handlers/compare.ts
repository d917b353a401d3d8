import { scenarioHash } from '../../engine/run.ts';
import { measures, pairedDifferences, parameterDiff, reportYears, type Difference, type Measure } from '../../engine/pipeline/compare.ts';
import { InputError } from '../errors.ts';
import { money, num, pct } from '../../present/format.ts';
import { fitProse, table, terminalWidth, wrap } from '../format.ts';
import { checkWhole, checkWork, workersFrom } from '../options.ts';
import { estimateWork } from '../../engine/model/work.ts';
import { writeErr, writeOut } from '../terminal.ts';
import { compareOutputs } from '../flags.ts';
import { checkOutFolder, writeFolder } from '../files.ts';
import { compareWorkbook } from '../xlsx/compare.ts';
import { checkWorkbookStdout, writeWorkbook } from '../xlsx/stdout.ts';
import { csvRow, withBom } from '../../engine/csv.ts';
import { version } from '../../engine/version.ts';
import { formatLoadProblems, loadWithOverrides, scenarioSource } from '../overrides.ts';
import { Runner } from '../parallel.ts';
import { replicateCompared, sizesFor } from '../simulate.ts';
import { uncertaintyWords } from '../../engine/uncertainty/summary.ts';
import { intervalText } from '../../engine/results.ts';
import { progressBar, progressEnabled } from '../progress.ts';
import type { Scenario } from '../../engine/model/scenario.ts';

export interface CompareArgs {
  scenarios: string[];
  replications?: number;
  draws?: number;
  fixed: boolean;
  seed: string;
  years?: number[];
  workers?: number;
  format: 'table' | 'json' | 'csv' | 'xlsx';
  out?: string;
  allowLarge: boolean;
  quiet: boolean;
}

interface Loaded {
  file: string;
  scenario: Scenario;
  resolved: unknown;
  sha256: string;
  measures: Measure[];
}

const letter = (i: number): string => String.fromCharCode(65 + i);


/** compare.csv: one row per comparison and measure, the paired difference with its intervals. */
export function compareCsv(doc: { comparisons: { a: string; b: string; labels: { b: string }; differences: Difference[] }[] }): string {
  const lines = [csvRow(['against', 'a', 'b', 'key', 'measure', 'group', 'unit', 'meanA', 'meanB', 'difference', 'differenceLo', 'differenceHi', 'uncertaintyLo', 'uncertaintyHi', 'bBetterInDraws', 'replicationsUsed', 'distinguishable', 'reading'])];
  for (const c of doc.comparisons) {
    for (const d of c.differences) {
      lines.push(csvRow([c.labels.b, c.a, c.b, d.key, d.label, d.group, d.unit, d.a, d.b, d.difference.mean, d.difference.lo, d.difference.hi, d.uncertainty?.lo, d.uncertainty?.hi, d.uncertainty?.bBetterInDraws, d.n, String(d.distinguishable), d.verdict]));
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function handler(argv: CompareArgs): Promise<void> {
  checkWhole('replications', argv.replications, 1);
  checkWhole('draws', argv.draws, 1);
  for (const y of argv.years ?? []) checkWhole('years', y, 1);
  if (argv.out !== undefined) checkOutFolder(argv.out, compareOutputs);
  if (argv.format === 'xlsx') checkWorkbookStdout();
  const problems: string[] = [];
  const loaded = argv.scenarios.map((file) => {
    const l = loadWithOverrides(file, []);
    if (!l.ok) problems.push(formatLoadProblems(l.errors));
    return { file, l };
  });
  if (problems.length > 0) throw new InputError(problems.join('\n\n'));
  const ok = loaded.map(({ file, l }) => (l.ok ? { file, scenario: l.scenario, resolvedText: l.resolvedText } : null)!);
  const sizes = sizesFor(ok[0].scenario, argv);
  const R = sizes.replications;
  const workers = workersFrom(argv.workers, R, argv.quiet);
  for (const s of ok) checkWork(s.file, estimateWork(s.scenario, R).problems, argv.allowLarge);
  const undrawn = sizes.fixed ? [] : ok.slice(1).filter((s) => !s.scenario.uncertainty);
  if (undrawn.length > 0 && !argv.quiet) writeErr(`note: ${undrawn.map((s) => s.file).join(', ')} ${undrawn.length === 1 ? 'has' : 'have'} no uncertainty section, so ${undrawn.length === 1 ? 'its' : 'their'} figures are not drawn; only the first scenario's uncertainty is in the differences\n`);
  const horizon = Math.min(...ok.map((s) => s.scenario.horizon));
  const years = reportYears(argv.years, horizon);
  if (years.length === 0) throw new InputError(`--years: none of ${argv.years?.join(', ')} lies within the shortest horizon (${num(horizon)} years)`);

  const runner = new Runner(workers);
  const bar = progressBar(R * ok.length, 'compare', progressEnabled(argv.quiet));
  const runs: Loaded[] = [];
  try {
    const items = ok.map((s) => ({ scenario: s.scenario, source: scenarioSource(s.file, []), sha256: scenarioHash(s.resolvedText) }));
    const replicated = await replicateCompared(items, argv.seed, sizes, runner, (done) => bar.update(done));
    replicated.forEach((run, i) => {
      const s = ok[i];
      runs.push({ file: s.file, scenario: s.scenario, resolved: JSON.parse(s.resolvedText), sha256: items[i].sha256, measures: measures(s.scenario, run, years) });
    });
  } finally {
    bar.stop();
    await runner.close();
  }
  const perDraw = sizes.fixed ? undefined : sizes.plan.perDraw;

  const base = runs[0];
  const comparisons = runs.slice(1).map((other, j) => {
    const labels = { a: 'A', b: letter(j + 1) };
    return {
      a: base.file,
      b: other.file,
      labels,
      parameters: parameterDiff(base.resolved, other.resolved),
      differences: pairedDifferences(base.measures, other.measures, labels, perDraw),
    };
  });

  const doc = {
      seed: argv.seed,
      replications: R,
      ...(!sizes.fixed && { draws: sizes.plan.draws, replicationsPerDraw: sizes.plan.perDraw, drawnFrom: ok[0].file }),
      intervals: sizes.fixed ? { difference: intervalText.mean } : { difference: uncertaintyWords.monteCarlo, uncertainty: uncertaintyWords.uncertainty },
      commonRandomNumbers: true,
      years,
      scenarios: runs.map((r, i) => ({ label: letter(i), file: r.file, name: r.scenario.name, sha256: r.sha256 })),
      comparisons: comparisons.map((c) => ({ ...c, differences: c.differences.map(jsonSafe) })),
      version,
      command: ['casecast', ...process.argv.slice(2)],
  };
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  if (argv.out !== undefined) {
    writeFolder(argv.out, { 'compare.json': json, 'compare.csv': withBom(compareCsv(doc)), 'compare.xlsx': await compareWorkbook(doc) });
    if (!argv.quiet) writeErr(`wrote ${compareOutputs.join(', ')} to ${argv.out}\n`);
  }
  if (argv.format === 'json') return void writeOut(json, 'json');
  if (argv.format === 'csv') return void writeOut(compareCsv(doc));
  if (argv.format === 'xlsx') return writeWorkbook(await compareWorkbook(doc));

  const out: string[] = [];
  out.push(wrap(`Paired comparison on common random numbers · seed ${argv.seed} · ${num(R)} replications each${sizes.fixed ? '' : ` (${num(sizes.plan.draws, 0)} parameter draws × ${num(sizes.plan.perDraw, 0)}, drawn from A's uncertainty section)`}`));
  runs.forEach((r, i) => out.push(wrap(`  ${letter(i)}  ${r.file}  (${r.scenario.name})`).replace(/\n/g, '\n     ')));
  out.push(wrap(
    sizes.fixed
      ? 'Replication k of every scenario sees the same people arriving; differences are per replication, with 95% t-intervals: the Monte Carlo error only, every parameter at its point estimate.'
      : "Draw d of every scenario has the same parameters (each keeps the figures it fixes as its decision) and replication k the same people arriving; differences are per replication. The uncertainty interval is the central 90% of those differences, parameters and chance together: the range to read. The Monte Carlo error is the 95% interval of the mean difference, from the draws' means; 'better in' counts draws.",
  ));
  for (const c of comparisons) {
    const L = c.labels.b;
    out.push(`\n${wrap(`${L} against A: what differs in the files (resolved; times in years, rates per year)`)}`);
    if (c.parameters.differences.length === 0) out.push('  nothing: the scenarios are the same');
    else out.push(table(['Parameter', 'A', L], c.parameters.differences.map((d) => [d.path, show(d.a), show(d.b)]), terminalWidth() - 2).replace(/^/gm, '  '));
    if (c.parameters.notesDiffering > 0) out.push(`  (and ${c.parameters.notesDiffering} description, source or assumption text${c.parameters.notesDiffering === 1 ? '' : 's'})`);
    for (const [group, title] of [
      ['caseload', 'Caseload and waiting'],
      ['economics', 'Invest to save (present values)'],
      ['staff', 'Staff and places paid (present values), and how full they are'],
      ['agency', 'By agency (present values)'],
    ] as const) {
      const rows = c.differences.filter((d) => d.group === group);
      if (rows.length === 0) continue;
      out.push(`\n${title}: ${L} − A`);
      const note = (d: Difference): string => (d.n < R && d.n > 0 ? ` (${num(d.n, 0)} of ${num(R, 0)} replications)` : '');
      out.push(
        sizes.fixed
          ? table(
              ['Measure', 'A', L, `Difference ${L} − A (95% interval)`, 'Reading'],
              rows.map((d) => [d.label, fmt(d.unit, d.a), fmt(d.unit, d.b), diffText(d), d.verdict + note(d)]),
            )
          : table(
              ['Measure', 'A', L, `${L} − A`, 'Uncertainty (90%)', 'Monte Carlo (95%)', `${L} better in`],
              rows.map((d) => [d.label + note(d), fmt(d.unit, d.a), fmt(d.unit, d.b), diffText({ ...d, difference: { ...d.difference, lo: NaN, hi: NaN } }), rangeText(d, d.uncertainty), rangeText(d, d.difference), d.identical || d.uncertainty?.bBetterInDraws == null ? '–' : `${pct(d.uncertainty.bBetterInDraws)} of draws`]),
            ),
      );
    }
    const headline = c.differences.filter((d) => d.group !== 'agency');
    const named = (who: 'a' | 'b'): string[] => headline.filter((d) => d.winner === who).map((d) => lower(d.label));
    const agencyWins = (who: 'a' | 'b'): number => c.differences.filter((d) => d.group === 'agency' && d.winner === who).length;
    const agencyRows = c.differences.filter((d) => d.group === 'agency').length;
    out.push('');
    if (c.differences.every((d) => d.identical || d.n === 0)) out.push(`In short: ${L} and A give identical results in every replication.`);
    else {
      const line = (who: 'a' | 'b', name: string): string => {
        const n = named(who);
        const ag = agencyWins(who);
        const parts = [...n, ...(ag > 0 ? [`${ag} of ${agencyRows} agency figures`] : [])];
        return `${name} is better on ${parts.length ? parts.join('; ') : 'no measure'}`;
      };
      out.push(`In short (differences distinguishable from noise): ${line('b', L)}.`);
      out.push(`${' '.repeat(51)}${line('a', 'A')}.`);
    }
  }
  writeOut(`${fitProse(out.join('\n'))}\n`);
}

/** Lower-cases a label's first word unless it is an acronym (NPV, NHS). */
const lower = (s: string): string => (/^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

function show(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');

function fmt(unit: Measure['unit'], x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (unit === 'money') return money(x);
  if (unit === 'ratio') return ratio(x);
  if (unit === 'share') return pct(x);
  return num(x);
}

function signed(unit: Measure['unit'], x: number): string {
  if (!Number.isFinite(x)) return '–';
  // A difference of shares is in percentage points (diffText names the unit).
  const s = unit === 'money' ? money(x) : unit === 'ratio' ? ratio(Math.abs(x)) : unit === 'share' ? num(Math.abs(x) * 100) : num(Math.abs(x));
  if (unit === 'money') return x > 0 ? `+${s}` : s;
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
}

function rangeText(d: Difference, r: { lo: number; hi: number } | undefined): string {
  if (d.identical) return '0';
  if (!r || !Number.isFinite(r.lo)) return '–';
  return `${signed(d.unit, r.lo)} to ${signed(d.unit, r.hi)}`;
}

function diffText(d: Difference): string {
  const { mean, lo, hi } = d.difference;
  if (d.identical) return '0';
  const points = d.unit === 'share' ? ' points' : '';
  if (!Number.isFinite(lo)) return signed(d.unit, mean) + points;
  return `${signed(d.unit, mean)}${points} (${signed(d.unit, lo)} to ${signed(d.unit, hi)})`;
}

/** JSON has no NaN: missing figures become null. */
function jsonSafe(d: Difference): Difference {
  const n = (x: number): number => (Number.isFinite(x) ? x : (null as unknown as number));
  return { ...d, a: n(d.a), b: n(d.b), difference: { mean: n(d.difference.mean), lo: n(d.difference.lo), hi: n(d.difference.hi) } };
}
