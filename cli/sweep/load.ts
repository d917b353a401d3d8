/** Reads a sweep file from disk and checks it and every variant's scenario, or throws an input error that names each problem's line. */
import { parse as parseYaml } from 'yaml';
import type { LoadResult, ParseCache } from '../../engine/model/load.ts';
import { allowLargeFlag, defaultWorkLimits, estimateWork, seriesPerPeriod } from '../../engine/model/work.ts';
import type { VariantTask } from '../../engine/sweep/run.ts';
import { type Sweep } from '../../engine/sweep/types.ts';
import { loadSweep } from '../../engine/sweep/load.ts';
import { writeQuantity } from '../../engine/sweep/quantity.ts';
import { blame, checkVariants, planVariants, variantTask, type Variant, type VariantProblem } from '../../engine/sweep/variants.ts';
import { InputError } from '../errors.ts';
import { displayPath, readTextFile, realpath } from '../files.ts';
import { formatLoadProblems } from '../overrides.ts';
import { checkProgress } from '../progress.ts';

export interface CheckedSweep {
  sweep: Sweep;
  variants: Variant[];
  /** A checked variant's task: its scenario, built again from the files. */
  taskFor: (v: Variant) => VariantTask;
}

export interface ReadSweepOptions {
  /** Skip the work limits (--allow-large). */
  allowLarge?: boolean;
  /** No progress on stderr while the variants are checked. */
  quiet?: boolean;
}

/**
 * Reads a sweep and checks every variant's scenario, and the work each would
 * be, before anything runs; a long check shows its progress on stderr.
 */
export function readSweep(file: string, opts: ReadSweepOptions = {}): CheckedSweep {
  const cache: ParseCache = new Map();
  const read = (p: string): string | undefined => readTextFile(p);
  const loaded = loadSweep(displayPath(file), read, cache, { realpath });
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors));
  const sweep = loaded.sweep;
  const variants = planVariants(sweep);
  const work = new SweepWork(sweep, variants.length);
  const progress = checkProgress(variants.length, `checking the variants of ${file}`, opts.quiet === true);
  let done = 0;
  const problems = checkVariants(sweep, variants, read, cache, (v, l) => {
    if (!opts.allowLarge) work.add(v, l);
    progress.update(++done);
  });
  progress.stop();
  if (!opts.allowLarge && problems.length === 0) problems.push(...work.problems());
  if (problems.length > 0) throw new InputError(formatLoadProblems(problems.map(loaded.place)));
  return { sweep, variants, taskFor: (v) => variantTask(sweep, v, read, cache) };
}

/**
 * The work of a sweep's variants: each variant's run (its replications) must
 * be within the limits, naming the variant and the parameter that takes it
 * beyond; and so must all of them together. A variant keeps only its metrics,
 * not every replication's results, so memory for results is not limited here.
 */
class SweepWork {
  private readonly seen = new Map<string, { problem: VariantProblem; more: number }>();
  /** Series per period, by option: numbers do not change a scenario's layout, and measuring it compiles the scenario. */
  private readonly series = new Map<string, number>();
  private events = 0;

  constructor(
    private readonly sweep: Sweep,
    private readonly count: number,
  ) {}

  add(v: Variant, loaded: LoadResult): void {
    if (!loaded.ok) return;
    let series = this.series.get(v.option);
    if (series === undefined) this.series.set(v.option, (series = seriesPerPeriod(loaded.scenario)));
    const w = estimateWork(loaded.scenario, this.sweep.replications, { bytes: Infinity }, { series });
    this.events += w.events;
    for (const p of w.problems) {
      const param = blame(this.sweep, p);
      const key = `${param?.name ?? ''}|${p.path}|${p.limit}`;
      const hit = this.seen.get(key);
      if (hit) {
        hit.more++;
        continue;
      }
      const settings = (param ? [param] : this.sweep.parameters).map((q) => `${q.name} = ${writeQuantity(v.inputs[q.name], q.unit)}`).join(', ');
      this.seen.set(key, {
        problem: {
          path: param ? ['parameters', param.name] : p.path === 'replications' ? ['replications'] : [],
          message: `variant ${v.index} (${v.option === 'base' ? '' : `${v.option}: `}${settings}) is too large to run: ${p.path}: ${p.message}`,
          hint: p.fix,
        },
        more: 0,
      });
    }
  }

  problems(): VariantProblem[] {
    const out = [...this.seen.values()].map(({ problem, more }) => (more === 0 ? problem : { ...problem, message: `${problem.message} (and ${more} more variant${more === 1 ? '' : 's'} the same way)` }));
    const max = defaultWorkLimits.events;
    if (out.length === 0 && this.events > max) {
      const sampled = this.sweep.size !== null;
      out.push({
        path: [sampled ? 'size' : 'replications'],
        message: `the sweep's ${this.count.toLocaleString('en-GB')} variants of ${this.sweep.replications.toLocaleString('en-GB')} replications each come to about ${Math.round(this.events).toLocaleString('en-GB')} simulation events, more than the limit of ${max.toLocaleString('en-GB')}`,
        hint: `${sampled ? 'draw fewer samples (a smaller size)' : 'run fewer replications or variants'}, or pass ${allowLargeFlag} to run it anyway`,
      });
    }
    return out;
  }
}

/** Whether a file reads as a sweep (a map with `sweep:` and `design:`), so validate can check either kind. */
export function looksLikeSweep(file: string): boolean {
  try {
    const data: unknown = parseYaml(readTextFile(file) ?? '');
    return typeof data === 'object' && data !== null && 'sweep' in data && 'design' in data;
  } catch {
    return false;
  }
}
