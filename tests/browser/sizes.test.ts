/**
 * The viewer sizes a run by the CLI's rules: for every total the form
 * accepts, web/sizes.ts gives the draws × replications that cli/simulate.ts
 * sizesFor gives for the same scenario and --replications (and --fixed), or
 * refuses the totals sizesFor refuses. No browser: the rules are pure.
 */
import { describe, expect, it } from 'vitest';
import { sizesFor } from '../../cli/simulate.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { REPLICATIONS } from '../../web/inputs.ts';
import { sizesText, viewerSizes } from '../../web/sizes.ts';

/** sizesFor reads only whether there is an uncertainty section (and the name, for messages). */
const scenario = (uncertain: boolean): Scenario => ({ name: 'test', ...(uncertain && { uncertainty: { parameters: [], correlations: null, posterior: null } }) }) as unknown as Scenario;

describe('viewer run sizes', () => {
  it('match the CLI for every total from 1 to 5,000, over draws and at the point estimate', () => {
    for (const uncertain of [true, false]) {
      for (const fixed of [false, true]) {
        for (let n = REPLICATIONS.min; n <= REPLICATIONS.max; n++) {
          const mine = viewerSizes(uncertain, fixed, n);
          let cli: ReturnType<typeof sizesFor> | undefined;
          try {
            cli = sizesFor(scenario(uncertain), { fixed, replications: n });
          } catch {
            cli = undefined;
          }
          if (cli === undefined) {
            expect('problem' in mine, `${n} (${uncertain ? 'uncertain' : 'certain'}, fixed ${fixed}) is refused by both`).toBe(true);
            continue;
          }
          expect(mine, `${n}`).toEqual(cli.fixed ? { fixed: true, replications: n } : { fixed: false, replications: n, draws: cli.plan.draws, perDraw: cli.plan.perDraw });
        }
      }
    }
  });

  it('share the form’s default and the tests’ totals among draws of 5, and say so as the CLI does', () => {
    expect(viewerSizes(true, false, 200)).toEqual({ fixed: false, replications: 200, draws: 40, perDraw: 5 });
    expect(sizesText(viewerSizes(true, false, 50) as never)).toBe('50 replications (10 parameter draws × 5)');
    expect(sizesText(viewerSizes(true, true, 50) as never)).toBe('50 replications at the point estimate');
    expect(viewerSizes(true, false, 7)).toEqual({ fixed: false, replications: 7, draws: 1, perDraw: 7 });
    const refused = viewerSizes(true, false, 52);
    expect('problem' in refused && refused.problem).toBe('Replications 52 cannot be shared equally among 10 parameter draws (one for each 5 replications); give a multiple of 10, e.g. 50, or tick "Point estimate only" to run without parameter draws');
  });
});
