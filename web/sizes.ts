/**
 * How the viewer sizes a run, by the engine's rule that the CLI uses too
 * (engine/uncertainty/run.ts runSizes), for the settings the form has: the replications are the total, and a
 * scenario with an uncertainty section shares them among parameter draws of
 * about 5 replications each (draws = round(total / 5)), unless the run is
 * the point estimate alone. The same total therefore gives the same draws ×
 * replications, and the same numbers, in the viewer and at the command line.
 * tests/browser/sizes.test.ts checks these against sizesFor itself. Pure.
 */
import { defaultDraws, runSizes } from '../engine/uncertainty/run.ts';
import { num } from '../present/format.ts';

export type ViewerSizes =
  | { fixed: true; replications: number }
  | { fixed: false; replications: number; draws: number; perDraw: number };

/** The sizes of a run (the engine's runSizes, as the CLI), or why the replications cannot be shared equally among the draws. */
export function viewerSizes(hasUncertainty: boolean, fixed: boolean, replications: number): ViewerSizes | { problem: string } {
  const sizes = runSizes(hasUncertainty, { fixed, replications });
  if ('uneven' in sizes) {
    const { draws, near } = sizes.uneven;
    return {
      problem: `Replications ${count(replications)} cannot be shared equally among ${count(draws)} parameter draws (one for each ${defaultDraws.perDraw} replications); give a multiple of ${count(draws)}, e.g. ${count(near)}, or tick "Point estimate only" to run without parameter draws`,
    };
  }
  return sizes.fixed ? sizes : { fixed: false, replications, draws: sizes.plan.draws, perDraw: sizes.plan.perDraw };
}

/** The sizes in words, as the CLI's run line writes them: "50 replications (10 parameter draws × 5)". */
export function sizesText(s: ViewerSizes): string {
  return s.fixed ? `${count(s.replications)} replications at the point estimate` : `${count(s.replications)} replications (${count(s.draws)} parameter draws × ${count(s.perDraw)})`;
}

const count = (n: number): string => num(n, 0);
