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
  const finite = model.services.filter((x) => x.finite);
  for (const [serviceName, staff] of Object.entries(econ.programme.staff)) {
    const f = finite.findIndex((x) => x.name === serviceName);
    const perWorker = sc.services.find((x) => x.name === serviceName)?.staff?.caseloadPerWorker;
    if (f < 0 || !perWorker) continue; // unlimited or not staffed: nothing to count FTE from
    const perFteYear = staff.salary * (1 + staff.onCosts);
    const lineAt = Int32Array.from({ length: P }, (_, k) => programmeLine(`staff: ${serviceName}`, k));
    accrue.push((out, amounts) => {
      for (let k = 0; k < P; k++) amounts[lineAt[k]][yearOf(k)] += (out.capacity[f][k] / perWorker) * perFteYear * period;
    });
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
    for (const serviceName of Object.keys(econ.programme.staff)) if (finite.some((x) => x.name === serviceName)) programmeLine(`staff: ${serviceName}`, k);
    if (fixedPerYear > 0) programmeLine('overheads', k);
    if (assessmentCost > 0) programmeLine('assessments', k);
  }
  if (setup > 0) programmeLine('set-up', 0);

  const plan = { years, lines, accrue };
  plans.set(model, plan);
  return plan;
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
