import type { CompiledModel } from '../model/compile.ts';
import type { ReplicationOutput } from '../model/record.ts';
import type { Economics, UnitCost } from './schema.ts';
import type { Agency, Ledger, LedgerLine } from './types.ts';

/**
 * Prices one replication's person-years: what its service use would have cost
 * without the programme (the counterfactual, for the same people over the same
 * time), what it cost with it, and what the programme itself cost, by year,
 * agency and item. The ledger listens to the pathway; it never steers it.
 *
 * Service use is accrued at its expected value given each person's path
 * (rate × time in state): unbiased, and free of count noise that would only
 * widen the intervals.
 */
export function buildLedger(model: CompiledModel, out: ReplicationOutput): Ledger {
  const plan = ledgerPlan(model);
  const amounts = plan.lines.map(() => new Float64Array(plan.years));
  for (const add of plan.accrue) add(out, amounts);
  return { years: plan.years, lines: plan.lines, amounts };
}

interface Plan {
  years: number;
  lines: LedgerLine[];
  accrue: ((out: ReplicationOutput, amounts: Float64Array[]) => void)[];
}

const plans = new WeakMap<CompiledModel, Plan>();

/** The ledger's lines and how to fill each, worked out once per model. */
export function ledgerPlan(model: CompiledModel): Plan {
  const cached = plans.get(model);
  if (cached) return cached;
  const sc = model.scenario;
  const econ = sc.economics;
  if (!econ) throw new Error(`scenario "${sc.name}" has no economics section`);
  const P = model.periods;
  const period = sc.period;
  const years = Math.ceil(sc.horizon - 1e-9);
  const yearOf = (k: number): number => Math.min(years - 1, Math.floor(((k + 0.5) * period) + 1e-9));
  const funderAt = (k: number): Agency => econ.programme.funders.find((f) => (k + 0.5) * period < f.until)?.agency ?? 'programme';
  const price = pricing(econ);
  const unit = (name: string): UnitCost => econ.unitCosts.find((u) => u.name === name)!;

  const lines: LedgerLine[] = [];
  const lineIndex = new Map<string, number>();
  const line = (l: LedgerLine): number => {
    const key = `${l.kind}|${l.item}|${l.agency}`;
    let i = lineIndex.get(key);
    if (i === undefined) {
      i = lines.push(l) - 1;
      lineIndex.set(key, i);
    }
    return i;
  };
  const accrue: Plan['accrue'] = [];

  // Savings: counterfactual minus scenario cost of each kind of service use.
  const used = new Set([...Object.keys(econ.counterfactual), ...Object.values(econ.use).flatMap((m) => Object.keys(m))]);
  for (const name of [...used].sort()) {
    const u = unit(name);
    const cost = price(u);
    const cf = econ.counterfactual[name] ?? 0;
    // A phase takes its own rate for this item, else its state's; without either, use is as it would be without the programme.
    const rates = model.units.map((u) => econ.use[u.name]?.[name] ?? econ.use[model.states[u.state].name]?.[name] ?? cf);
    const i = line({ kind: 'saving', item: name, agency: u.agency, valueType: u.valueType, cashable: u.cashable });
    accrue.push((out, amounts) => {
      for (let k = 0; k < P; k++) {
        let inStates = 0;
        let scenario = 0;
        for (let s = 0; s < rates.length; s++) {
          const open = out.openYears[s][k];
          const closed = out.closedYears[s][k];
          inStates += open + closed;
          // Closed cases drift back to business as usual as their benefit drops off.
          scenario += rates[s] * open + cf * closed + (rates[s] - cf) * out.closedPersisting[s][k];
        }
        const elsewhere = Math.max(0, out.populationYears[k] - inStates); // waiting or re-referred: no support
        scenario += cf * elsewhere;
        amounts[i][yearOf(k)] += (cf * out.populationYears[k] - scenario) * cost;
      }
    });
  }

  // Demand the programme raises on other services: each contact made, and each move for a priced reason, is service use
  // of the agency that meets it, with nothing like it in business as usual (a negative saving).
  const raised = (name: string): { i: number; cost: number } => {
    const u = unit(name);
    return { i: line({ kind: 'saving', item: name, agency: u.agency, valueType: u.valueType, cashable: u.cashable }), cost: price(u) };
  };
  for (const [kind, unitName] of Object.entries(econ.contacts ?? {})) {
    const d = model.dynamics.findIndex((x) => x.name === `contacts.${kind}.made`);
    if (d < 0) continue; // no state makes such contacts: checkEconomics reports it
    const { i, cost } = raised(unitName);
    accrue.push((out, amounts) => {
      for (let k = 0; k < P; k++) amounts[i][yearOf(k)] -= out.dynamics[d][k] * cost;
    });
  }
  for (const [reason, unitName] of Object.entries(econ.perMove ?? {})) {
    const moves = model.moves.flatMap((m, j) => (m.reason === reason ? [j] : []));
    const { i, cost } = raised(unitName);
    accrue.push((out, amounts) => {
      for (const j of moves) for (let k = 0; k < P; k++) amounts[i][yearOf(k)] -= out.moves[j][k] * cost;
    });
  }

  // Programme costs, charged to whoever funds the programme at the time: each item's line per period, worked out once.
  const linesByPeriod = new Map<string, Int32Array>();
  const programmeLine = (item: string, k: number): number => {
    let byPeriod = linesByPeriod.get(item);
    if (!byPeriod) {
      byPeriod = Int32Array.from({ length: P }, (_, j) => line({ kind: 'cost', item, agency: funderAt(j), valueType: 'fiscal', cashable: 1 }));
      linesByPeriod.set(item, byPeriod);
    }
    return byPeriod[k];
  };
  const perPersonYear = econ.programme.perPersonYear;
  for (const [key, unitName] of Object.entries(perPersonYear)) {
    // A key names a phase, or a state: then every phase of it without a cost of its own.
    const units = model.units.flatMap((u, i) => (u.name === key || (model.states[u.state].name === key && !(u.name !== key && Object.hasOwn(perPersonYear, u.name))) ? [i] : []));
    const cost = price(unit(unitName));
    const lineAt = Int32Array.from({ length: P }, (_, k) => programmeLine(`support: ${key}`, k));
    accrue.push((out, amounts) => {
      for (const u of units) for (let k = 0; k < P; k++) amounts[lineAt[k]][yearOf(k)] += out.openYears[u][k] * cost;
    });
  }
  // Staff and places are paid for the time they exist, full or not: FTE × salary × (1 + on-costs), or places × the cost of a
  // place, integrated exactly over the capacity schedule the simulation uses (a service that opens later has none before),
  // split at year ends and at funder changes, so a change part-way through a month or a year is paid from its date.
  const end = P * period;
  const funders = econ.programme.funders;
  const payLines = (item: string): Map<Agency, number> =>
    new Map(funders.flatMap((f, i) => ((i === 0 ? 0 : funders[i - 1].until) < end ? [[f.agency, line({ kind: 'cost', item, agency: f.agency, valueType: 'fiscal', cashable: 1 })] as const] : [])));
  const payroll = (item: string, steps: Step[], perYear: number): void => {
    const lineOf = payLines(item);
    const paid = paidYears(steps, end, years, funders);
    const fixed = [...paid].map(([agency, byYear]) => ({ i: lineOf.get(agency)!, byYear: byYear.map((x) => x * perYear) }));
    accrue.push((_out, amounts) => {
      for (const { i, byYear } of fixed) for (let y = 0; y < years; y++) amounts[i][y] += byYear[y];
    });
  };
  for (const [serviceName, staff] of Object.entries(econ.programme.staff)) {
    const service = model.services.find((x) => x.name === serviceName);
    const perWorker = sc.services.find((x) => x.name === serviceName)?.staff?.caseloadPerWorker;
    if (!service?.finite || !perWorker) continue; // unlimited or not staffed: checkEconomics reports it
    if (service.staffing) {
      // Staff who leave and are recruited to: pay the FTE in post each period (absent or not), not the establishment.
      const perYear = staff.salary * (1 + staff.onCosts);
      const employed = service.staffing.series;
      const lineAt = Int32Array.from({ length: P }, (_, k) => programmeLine(`staff: ${serviceName}`, k));
      accrue.push((out, amounts) => {
        for (let k = 0; k < P; k++) amounts[lineAt[k]][yearOf(k)] += out.dynamics[employed][k] * period * perYear;
      });
      continue;
    }
    // FTE = places ÷ caseload per worker; a change that records its own FTE is taken at its word.
    const fte = capacitySteps(service).map((c) => ({ at: c.at, level: c.fte ?? c.capacity / perWorker }));
    payroll(`staff: ${serviceName}`, fte, staff.salary * (1 + staff.onCosts));
  }
  for (const [serviceName, place] of Object.entries(econ.programme.places)) {
    const service = model.services.find((x) => x.name === serviceName);
    if (!service?.finite) continue; // unlimited: no places to count (checkEconomics reports it)
    payroll(`places: ${serviceName}`, capacitySteps(service).map((c) => ({ at: c.at, level: c.capacity })), place.perPlaceYear);
  }
  const { fixedPerYear, setup, assessmentCost } = econ.programme;
  if (fixedPerYear > 0 || setup > 0) {
    accrue.push((_out, amounts) => {
      if (setup > 0) amounts[programmeLine('set-up', 0)][0] += setup;
      if (fixedPerYear > 0) for (let k = 0; k < P; k++) amounts[programmeLine('overheads', k)][yearOf(k)] += fixedPerYear * period;
    });
  }
  if (assessmentCost > 0) {
    accrue.push((out, amounts) => {
      for (let k = 0; k < P; k++) amounts[programmeLine('assessments', k)][yearOf(k)] += (out.entries[0][k] - out.entries[1][k]) * assessmentCost;
    });
  }
  // Lines are created lazily by funder; create them all now so every replication has the same lines.
  for (let k = 0; k < P; k++) {
    for (const stateName of Object.keys(econ.programme.perPersonYear)) programmeLine(`support: ${stateName}`, k);
    if (fixedPerYear > 0) programmeLine('overheads', k);
    if (assessmentCost > 0) programmeLine('assessments', k);
  }
  if (setup > 0) programmeLine('set-up', 0);

  const plan = { years, lines, accrue };
  plans.set(model, plan);
  return plan;
}

/** A level (FTE, places) from time `at` (years) until the next step. */
interface Step {
  at: number;
  level: number;
}

/** A service's capacity from time 0, as the simulation applies it; `fte` where a change records it. */
function capacitySteps(s: CompiledModel['services'][number]): { at: number; capacity: number; fte?: number }[] {
  const changes: { at: number; capacity: number; fte?: number }[] = s.changes;
  return [{ at: 0, capacity: s.capacity }, ...changes];
}

/**
 * Level-years (FTE-years, place-years) of a step schedule over [0, end), by funder and
 * 0-based year: the schedule is cut at every step, year end and funder change, and
 * each piece charged to the year and the funder of its midpoint. Time past the last
 * whole year goes to the last year, as the ledger's other lines do.
 */
export function paidYears(steps: readonly Step[], end: number, years: number, funders: readonly { agency: Agency; until: number }[]): Map<Agency, number[]> {
  const cuts = [...new Set([0, end, ...steps.map((s) => s.at), ...Array.from({ length: years }, (_, y) => y), ...funders.map((f) => f.until)])]
    .filter((t) => t >= 0 && t <= end)
    .sort((a, b) => a - b);
  const out = new Map<Agency, number[]>();
  for (let j = 0; j + 1 < cuts.length; j++) {
    const [a, b] = [cuts[j], cuts[j + 1]];
    const mid = (a + b) / 2;
    let level = 0;
    for (const s of steps) if (s.at <= mid) level = s.level;
    if (level === 0) continue;
    const agency = funders.find((f) => mid < f.until)?.agency ?? 'programme';
    const byYear = out.get(agency) ?? new Array<number>(years).fill(0);
    byYear[Math.min(years - 1, Math.floor(mid))] += level * (b - a);
    out.set(agency, byYear);
  }
  return out;
}

/** A unit cost in the appraisal's price base year, uprated by the GDP deflator. */
function pricing(econ: Economics): (u: UnitCost) => number {
  return (u) => {
    if (u.priceYear === econ.priceYear) return u.cost;
    const to = econ.deflators[String(econ.priceYear)];
    const from = econ.deflators[String(u.priceYear)];
    return (u.cost * to) / from;
  };
}
