import { writeFileSync } from 'node:fs';
import { estimateWork } from '../../engine/model/work.ts';
import { manifestFor, scenarioHash } from '../../engine/run.ts';
import { version } from '../../engine/version.ts';
import { measures, pairedDifferences, parameterDiff, reportYears } from '../../engine/pipeline/compare.ts';
import { InputError } from '../errors.ts';
import { checkWhole, checkWork, workersFrom } from '../options.ts';
import { fixedBySet, formatLoadProblems, loadWithOverrides, parseOverride, scenarioSource } from '../overrides.ts';
import { jsonSafe, type PaperCompare, type PaperData } from '../../present/paper.ts';
import { paperHtml } from '../paper/page.ts';
import { printPdf } from '../paper/pdf.ts';
import { Runner } from '../parallel.ts';
import { replicateCompared, simulate, sizesFor } from '../simulate.ts';
import { writeErr } from '../terminal.ts';

export interface ReportArgs {
  scenario: string;
  compare?: string;
  replications?: number;
  draws?: number;
  fixed: boolean;
  seed: string;
  set?: string[];
  workers?: number;
  out: string;
  allowLarge: boolean;
  quiet: boolean;
}

export async function handler(argv: ReportArgs): Promise<void> {
  checkWhole('replications', argv.replications, 1);
  checkWhole('draws', argv.draws, 1);
  const kind = /\.pdf$/i.test(argv.out) ? 'pdf' : /\.html?$/i.test(argv.out) ? 'html' : null;
  if (!kind) throw new InputError(`--out ${argv.out}: name a .html or a .pdf file`);
  const sets = argv.set ?? [];
  const overrides = sets.map(parseOverride);
  const loaded = loadWithOverrides(argv.scenario, overrides);
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors));
  const { scenario, resolvedText } = loaded;
  if (scenario.states.length === 0) throw new InputError(`${argv.scenario} defines no states, so there is nothing to report.`);
  const other = argv.compare !== undefined ? loadWithOverrides(argv.compare, []) : undefined;
  if (other && !other.ok) throw new InputError(formatLoadProblems(other.errors));
  const fixed = fixedBySet(argv.scenario, overrides);
  const sizes = sizesFor(scenario, argv);
  checkWork(argv.scenario, estimateWork(scenario, sizes.replications).problems, argv.allowLarge);
  if (other?.ok) checkWork(argv.compare!, estimateWork(other.scenario, sizes.replications).problems, argv.allowLarge);
  const workers = workersFrom(argv.workers, sizes.replications, argv.quiet);
  const manifest = manifestFor(scenario, resolvedText, { seed: argv.seed, replications: sizes.replications });

  const runner = new Runner(workers);
  let compare: PaperCompare | undefined;
  let results;
  try {
    const source = scenarioSource(argv.scenario, overrides);
    ({ results } = await simulate(scenario, source, manifest, sizes, runner, argv.quiet));
    if (other?.ok) {
      // The paired differences as `casecast compare` takes them: A (with the --set changes) against B, on common random numbers.
      const items = [
        { scenario, source, sha256: manifest.sha256 },
        { scenario: other.scenario, source: scenarioSource(argv.compare!, []), sha256: scenarioHash(other.resolvedText) },
      ];
      const [a, b] = await replicateCompared(items, argv.seed, sizes, runner);
      const years = reportYears(undefined, Math.min(scenario.horizon, other.scenario.horizon));
      const perDraw = sizes.fixed ? undefined : sizes.plan.perDraw;
      compare = {
        file: argv.compare!,
        name: other.scenario.name,
        sha256: items[1].sha256,
        parameters: parameterDiff(JSON.parse(resolvedText), JSON.parse(other.resolvedText)),
        differences: pairedDifferences(measures(scenario, a, years), measures(other.scenario, b, years), { a: 'A', b: 'B' }, perDraw).map(jsonSafe),
        fixed: sizes.fixed,
      };
    }
  } finally {
    await runner.close();
  }

  const data: PaperData = {
    results,
    file: argv.scenario,
    resolved: JSON.parse(resolvedText),
    sets,
    fixed: argv.fixed ? [] : fixed,
    ...(compare && { compare }),
    provenance: {
      version,
      seed: argv.seed,
      replications: sizes.replications,
      ...(!sizes.fixed && { draws: sizes.plan.draws, replicationsPerDraw: sizes.plan.perDraw }),
      sha256: manifest.sha256,
      files: loaded.files,
      command: ['casecast', ...process.argv.slice(2)].join(' '),
      generated: new Date().toISOString(),
    },
  };
  const html = await paperHtml(data);
  writeFileSync(argv.out, kind === 'pdf' ? await printPdf(html) : html);
  if (!argv.quiet) writeErr(`wrote the board paper to ${argv.out}\n`);
}
