/**
 * What the programme achieved in one replication, counted for its cost per
 * outcome: people supported, successful move-ons and person-years of
 * intensive support over the horizon. Costs per outcome are cash costs (at
 * the price base year, undiscounted, after any optimism bias on costs), so a
 * cost per person-year of intensive support reads like a unit cost.
 */
import type { CompiledModel } from '../model/compile.ts';
import type { ReplicationOutput } from '../model/record.ts';

export interface Outcomes {
  /** People who started support by the end of the horizon (those open at the start included). */
  supported: number;
  /** Moves whose reason counts as a successful move-on (economics.outcomes.moveOn; by default "move-on"). */
  moveOns: number;
  /** Person-years in states of the intensive tier. */
  intensiveYears: number;
}

/** Programme cost per outcome, in pounds; NaN when there was no such outcome. */
export interface CostPerOutcome {
  personSupported: number;
  moveOn: number;
  intensiveYear: number;
}

/** The reasons that count as a successful move-on. */
export const moveOnReasons = (model: CompiledModel): readonly string[] => model.scenario.economics?.outcomes?.moveOn ?? ['move-on'];

export function outcomesOf(model: CompiledModel, out: ReplicationOutput): Outcomes {
  const reasons = new Set(moveOnReasons(model));
  let moveOns = 0;
  model.moves.forEach((m, i) => {
    if (reasons.has(m.reason)) for (const x of out.moves[i]) moveOns += x;
  });
  let intensiveYears = 0;
  model.units.forEach((u, i) => {
    if (model.states[u.state].intensive) for (const x of out.openYears[i]) intensiveYears += x;
  });
  const supported = out.cumulativeSupported[out.cumulativeSupported.length - 1] ?? 0;
  return { supported, moveOns, intensiveYears };
}

export function costPerOutcome(cashCost: number, o: Outcomes): CostPerOutcome {
  const per = (n: number): number => (n > 0 ? cashCost / n : NaN);
  return { personSupported: per(o.supported), moveOn: per(o.moveOns), intensiveYear: per(o.intensiveYears) };
}
