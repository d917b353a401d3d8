import { exponential } from './des/distributions.ts';
import { runReplications } from './des/replications.ts';
import { Resource, type Request } from './des/resource.ts';
import { Simulation } from './des/simulation.ts';
import { summarize, type Summary } from './des/statistics.ts';

/**
 * A small built-in "no closed cases" model that exercises the engine until
 * scenario files exist: referrals wait for an intensive place, step down to
 * drop-in after a while, and re-escalate from drop-in at a hazard rate.
 */
export interface DemoParams {
  referralsPerYear: number;
  intensivePlaces: number;
  intensiveYears: number;
  reEscalationPerYear: number;
  dropInWeight: number;
  years: number;
}

export const demoDefaults: DemoParams = {
  referralsPerYear: 160, // 000 L834: about 160 new people a year
  intensivePlaces: 98, // assumption: 14 FTE (seed-notes 000 §3.1: ~100 active) × caseload of 7 (000 L1383)
  intensiveYears: 196 / 365, // 000 Table 7.3: 196 days to move-on
  reEscalationPerYear: 0.3, // assumption: returners are not counted in the reports
  dropInWeight: 0.2, // assumption: a drop-in client takes a fifth of a worker's slot
  years: 10,
};

/** Year-end state of one replication. */
interface DemoYear {
  intensive: number;
  dropIn: number;
  waiting: number;
  weighted: number;
  utilisation: number;
}

/** Year-end means and 95% intervals across replications. */
export interface DemoResult {
  params: DemoParams;
  replications: number;
  years: { year: number; intensive: Summary; dropIn: Summary; waiting: Summary; weighted: Summary; utilisation: Summary }[];
  eventsFired: number;
}

function runOnce(p: DemoParams, streams: { stream(name: string): () => number }): { years: DemoYear[]; events: number } {
  const sim = new Simulation();
  const team = new Resource(sim, { name: 'intensive', capacity: p.intensivePlaces, discipline: 'priority' });
  const arrivals = streams.stream('arrivals');
  const stay = streams.stream('intensive-stay');
  const relapse = streams.stream('re-escalation');
  const gap = exponential(1 / p.referralsPerYear);
  const intensiveStay = exponential(p.intensiveYears);
  const dropInStay = exponential(1 / p.reEscalationPerYear);
  let dropIn = 0;

  const stepDown = (req: Request): void => {
    team.release(req);
    dropIn++;
    sim.schedule(dropInStay.sample(relapse), reEscalate);
  };
  const startIntensive = (req: Request): void => {
    sim.schedule(intensiveStay.sample(stay), stepDown, req);
  };
  // Returning clients skip re-referral and go ahead of new referrals.
  const reEscalate = (): void => {
    dropIn--;
    team.request(1, startIntensive, { priority: 0 });
  };
  const refer = (): void => {
    team.request(1, startIntensive, { priority: 1 });
    sim.schedule(gap.sample(arrivals), refer);
  };
  sim.schedule(gap.sample(arrivals), refer);

  const years: DemoYear[] = [];
  for (let y = 1; y <= p.years; y++) {
    sim.run(y);
    const weighted = team.inUse + p.dropInWeight * dropIn;
    years.push({
      intensive: team.inUse,
      dropIn,
      waiting: team.queueLength,
      weighted,
      utilisation: weighted / p.intensivePlaces,
    });
  }
  return { years, events: sim.eventsFired };
}

/** Runs the demonstration model over several replications. */
export function runDemo(params: Partial<DemoParams>, seed: string | number, replications: number): DemoResult {
  const p = { ...demoDefaults, ...params };
  const runs = runReplications({ seed, count: replications }, (ctx) => runOnce(p, ctx.streams));
  const pick = (y: number, key: keyof DemoYear): Summary => summarize(runs.map((r) => r.years[y][key]));
  return {
    params: p,
    replications,
    eventsFired: runs.reduce((s, r) => s + r.events, 0),
    years: Array.from({ length: p.years }, (_, y) => ({
      year: y + 1,
      intensive: pick(y, 'intensive'),
      dropIn: pick(y, 'dropIn'),
      waiting: pick(y, 'waiting'),
      weighted: pick(y, 'weighted'),
      utilisation: pick(y, 'utilisation'),
    })),
  };
}
