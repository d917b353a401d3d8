/** What `casecast calibrate` prints: the posterior against the priors, the check at the posterior mean, and what the targets could not do. */
import { IDENTIFIED_BELOW } from '../../engine/calibration/abc.ts';
import type { Calibration } from '../../engine/calibration/load.ts';
import type { CalibrationResult } from '../../engine/calibration/outputs.ts';
import { priorText } from '../../engine/calibration/outputs.ts';
import { targetHorizon } from '../../engine/calibration/simulate.ts';
import { unitText } from '../../engine/sweep/quantity.ts';
import { formatChecks } from '../handlers/check.ts';
import { num } from '../../present/format.ts';
import { table } from '../format.ts';
import type { Generation } from '../../engine/calibration/abc.ts';

/** A figure to 3 significant digits. */
export const sig = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : '–');

/** One line on stderr for a finished generation. */
export function generationLine(g: Generation, seconds: number, left: string): string {
  const how = g.kind === 'prior' ? 'from the priors' : g.kind === 'uniform' ? `tolerance ${sig(g.tolerance!)}` : 'moves under the Gaussian kernel';
  const what = g.kind === 'move' ? `${sig(100 * g.acceptance)}% of ${g.theta.length} particles moved, ${new Set(g.phi.map((p) => p.join())).size} distinct` : `${g.theta.length} particles from ${num(g.simulations, 0)} simulations (${sig(100 * g.acceptance)}% accepted), ESS ${num(g.ess, 0)}`;
  return `generation ${g.generation + 1} (${how}): ${what}, best distance ${sig(g.best)}, ${sig(seconds)} s; ${left}\n`;
}

export function formatResult(cal: Calibration, r: CalibrationResult, out: string, written: string[]): string {
  const rec = r.record;
  const rows = cal.parameters.map((p, j) => {
    const s = r.summaries[j];
    return [
      p.name,
      unitText(p.unit) || '–',
      priorText(p),
      `${sig(s.prior.p5)}–${sig(s.prior.p95)}`,
      sig(s.posterior.mean),
      sig(s.posterior.sd),
      `${sig(s.posterior.p5)}–${sig(s.posterior.p95)}`,
      s.sdRatio.toFixed(2),
      s.identified ? '' : 'not identified',
    ];
  });
  const gens = rec.generations;
  const sims = gens.reduce((a, g) => a + g.simulations, 0);
  const f = rec.findings;
  const z = (name: string): string => {
    const c = r.check.find((x) => x.name === name)!;
    return `${name} (z ${c.z.toFixed(1).replace('-', '−')})`;
  };
  const horizonYears = targetHorizon(cal.base.scenario) ?? cal.base.scenario.horizon;
  const checkText = formatChecks(`${cal.base.scenario.name} at the posterior mean`, { seed: cal.settings.seed, replications: cal.check, horizonYears, sha256: rec.check.sha256 }, r.check);
  return [
    `${cal.name} · ABC-SMC (Toni et al. 2009; Beaumont et al. 2009), ${cal.settings.kernel} kernel · seed ${cal.settings.seed}`,
    `${cal.settings.particles} particles × ${cal.settings.replications} replications · ${gens.length} generations, ${num(sims, 0)} simulations · posterior ESS ${num(rec.ess, 0)} · ${cal.fitted.length} of ${cal.base.scenario.targets.length} targets fitted`,
    `stopped: ${rec.stopped}`,
    '',
    table(['Parameter', 'Unit', 'Prior', 'Prior 90%', 'Posterior mean', 'sd', 'Posterior 90%', 'sd/prior sd', ''], rows),
    '',
    f.notIdentified.length > 0
      ? `Not identified by the targets (posterior sd above ${IDENTIFIED_BELOW} × prior sd): ${f.notIdentified.join(', ')}. The targets say little about them; their posterior is mostly their prior.`
      : `Every parameter is identified by the targets (posterior sd at most ${IDENTIFIED_BELOW} × prior sd).`,
    '',
    checkText.trimEnd(),
    `(the base scenario: ${rec.baseCheck.consistent} of ${rec.baseCheck.targets.length} consistent)`,
    '',
    f.notMet.length > 0
      ? `Could not meet together: ${f.notMet.map(z).join(', ')}. No parameter values in the priors reproduce these with the others; the structure, a prior or the target may be at fault.`
      : 'Every fitted target is consistent at the posterior mean.',
    ...(f.notMetUnfitted.length > 0 ? [`Not fitted and not consistent: ${f.notMetUnfitted.map(z).join(', ')}.`] : []),
    '',
    `Wrote ${written.join(', ')} to ${out}`,
    '',
  ].join('\n');
}
