/**
 * How the viewer sizes a run, by the CLI's rules (cli/simulate.ts sizesFor)
 * for the settings the form has: the replications are the total, and a
 * scenario with an uncertainty section shares them among parameter draws of
 * about 5 replications each (draws = round(total / 5)), unless the run is
 * the point estimate alone. The same total therefore gives the same draws ×
 * replications, and the same numbers, in the viewer and at the command line.
 * tests/browser/sizes.test.ts checks these against sizesFor itself. Pure.
 */
import { defaultDraws } from '../engine/uncertainty/run.ts';
import { num } from '../cli/format.ts';

export type ViewerSizes =
  | { fixed: true; replications: number }
  | { fixed: false; replications: number; draws: number; perDraw: number };

/** The sizes of a run, or why the replications cannot be shared equally among the draws. */
export function viewerSizes(hasUncertainty: boolean, fixed: boolean, replications: number): ViewerSizes | { problem: string } {
  if (fixed || !hasUncertainty) return { fixed: true, replications };
  const draws = Math.max(1, Math.round(replications / defaultDraws.perDraw));
  if (replications % draws !== 0) {
    const near = draws * Math.max(1, Math.round(replications / draws));
    return {
      problem: `Replications ${count(replications)} cannot be shared equally among ${count(draws)} parameter draws (one for each ${defaultDraws.perDraw} replications); give a multiple of ${count(draws)}, e.g. ${count(near)}, or tick "Point estimate only" to run without parameter draws`,
    };
  }
  return { fixed: false, replications, draws, perDraw: replications / draws };
}

/** The sizes in words, as the CLI's run line writes them: "50 replications (10 parameter draws × 5)". */
export function sizesText(s: ViewerSizes): string {
  return s.fixed ? `${count(s.replications)} replications at the point estimate` : `${count(s.replications)} replications (${count(s.draws)} parameter draws × ${count(s.perDraw)})`;
}

const count = (n: number): string => num(n, 0);
