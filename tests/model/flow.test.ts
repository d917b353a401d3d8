import { describe, expect, it } from 'vitest';
import { runReplications } from '../../engine/des/replications.ts';
import { compile } from '../../engine/model/compile.ts';
import { simulateReplication } from '../../engine/model/pathway.ts';
import type { Band } from '../../engine/band.ts';
import { Accumulator } from '../../engine/pipeline/accumulator.ts';
import { packOutputs } from '../../engine/pipeline/pack.ts';
import { exit, scenario, state } from '../helpers/scenario.ts';

/**
 * With Poisson referrals, exponential stays and no capacity limits the pathway
 * is a network of infinite-server queues, so the mean caseload in each state
 * solves the linear flow equations dx/dt = a·e_entry + Qᵀx exactly.
 */
const arrivals = 100; // per year
const rates: Record<string, Record<string, number>> = {
  // from → to (or "out" to leave the caseload), per year
  iss: { dropin: 2, dormant: 1, prison: 0.4, out: 0.2 },
  dropin: { iss: 0.5, out: 0.1 },
  dormant: { iss: 0.3, dropin: 0.2, out: 0.1 },
  prison: { iss: 2, out: 0.05 },
};
const names = Object.keys(rates);
const tiersOf = { iss: 'intensive', dropin: 'drop-in', dormant: 'dormant', prison: 'custody' } as const;

function flowScenario() {
  return scenario({
    states: names.map((from) =>
      state(
        from,
        tiersOf[from as keyof typeof tiersOf],
        Object.entries(rates[from]).map(([to, r]) => (to === 'out' ? exit('left', r) : exit(`${from}->${to}`, r, to))),
      ),
    ),
  });
}

/** Mean occupancy from the flow equations, integrated with RK4 (step 1e-3 years). */
function flowSolution(times: number[]): Record<string, number[]> {
  const n = names.length;
  const deriv = (x: number[]): number[] => {
    const d = names.map((s) => (s === 'iss' ? arrivals : 0));
    names.forEach((from, i) => {
      for (const [to, r] of Object.entries(rates[from])) {
        d[i] -= r * x[i];
        if (to !== 'out') d[names.indexOf(to)] += r * x[i];
      }
    });
    return d;
  };
  const out: Record<string, number[]> = Object.fromEntries(names.map((s) => [s, []]));
  let x = new Array(n).fill(0);
  let t = 0;
  const h = 1e-3;
  for (const target of times) {
    while (t < target - 1e-12) {
      const step = Math.min(h, target - t);
      const k1 = deriv(x);
      const k2 = deriv(x.map((v, i) => v + (step / 2) * k1[i]));
      const k3 = deriv(x.map((v, i) => v + (step / 2) * k2[i]));
      const k4 = deriv(x.map((v, i) => v + step * k3[i]));
      x = x.map((v, i) => v + (step / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
      t += step;
    }
    names.forEach((s, i) => out[s].push(x[i]));
  }
  return out;
}

describe('pathway against the linear flow equations', () => {
  const model = compile(flowScenario());
  const R = 300;
  const runs = runReplications({ seed: 'flow', count: R }, (ctx) => simulateReplication(model, ctx.streams));
  const acc = new Accumulator(model, R);
  acc.add(packOutputs(model, runs));
  const results = acc.finish({ scenario: 'flow', sha256: '', seed: 'flow', replications: R, version: 'test', horizonYears: 10, periodYears: 1 / 12 });
  const exact = flowSolution(results.series.t);

  it('matches the flow solution in every state and period within the 95% interval', () => {
    // 4 states × 120 periods. A correct model puts ~95% of points inside their
    // 95% intervals; neighbouring periods are correlated, so demand ≥ 90% inside
    // and every point within 4.5 standard errors (a miss that size has p < 1e-5).
    let inside = 0;
    let worst = 0;
    for (const s of names) {
      const b = results.series[s] as Band;
      b.mean.forEach((m, k) => {
        const se = (b.hi[k] - b.lo[k]) / 2 / 1.968; // t(0.975, 299)
        if (exact[s][k] >= b.lo[k] && exact[s][k] <= b.hi[k]) inside++;
        worst = Math.max(worst, Math.abs(m - exact[s][k]) / se);
      });
    }
    expect(inside / (names.length * results.series.t.length)).toBeGreaterThanOrEqual(0.9);
    expect(worst).toBeLessThan(4.5);
  });

  it('reaches the steady state of the flow equations by year 10 (within 2%)', () => {
    // Year 10 is several time constants past the slowest mode, so the ODE value is the steady state.
    const k = results.series.t.length - 1;
    for (const s of names) {
      const b = results.series[s] as Band;
      expect(Math.abs(b.mean[k] - exact[s][k]) / exact[s][k]).toBeLessThan(0.02);
    }
    expect(exact.iss[k]).toBeGreaterThan(50); // the comparison is not trivially small
  });

  it('counts flows consistently: arrivals = referrals, every state entered', () => {
    const refs = results.flows.entries.referrals.mean.reduce((a, b) => a + b, 0);
    expect(Math.abs(refs - 10 * arrivals) / (10 * arrivals)).toBeLessThan(0.01);
    expect(results.flows.transitions['dropin->iss'].mean.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });
});
