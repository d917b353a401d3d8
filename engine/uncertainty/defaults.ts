/** How a run is sized when nothing is asked for; apart from run.ts, so `casecast --help` can name them without loading the engine. */

/** The default run over draws: 200 parameter draws of 5 replications each (1,000 replications). */
export const defaultDraws = { draws: 200, perDraw: 5 };

/** Replications when none are asked for: 100 at the point estimate; 1,000 (200 draws × 5) over draws. */
export const defaultReplications = { fixed: 100, draws: defaultDraws.draws * defaultDraws.perDraw };
