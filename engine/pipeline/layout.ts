/**
 * The fixed layout of one replication's row: every number a replication
 * contributes to the results contract, the paired comparison and the ledger
 * outputs, at offsets worked out once from the compiled model. A chunk of
 * replications is then one Float64Array of rows (plus its spells, see
 * pack.ts), which crosses a thread boundary as one buffer.
 */
import { agencies } from '../economics/types.ts';
import type { LedgerLine } from '../economics/types.ts';
import { ledgerPlan } from '../economics/ledger.ts';
import type { CompiledModel } from '../model/compile.ts';
import { entryKinds, exitKeys, spellReasons, tiers } from '../model/record.ts';

/** Where one replication's appraisal figures sit in its row; needs only the years and agencies, not the model. */
export interface AppraisalLayout {
  years: number;
  /** byYear: costs, grossSavings, netBenefits, cumulativeDiscountedCosts, cumulativeDiscountedBenefits; each `years` long. */
  byYear: { costs: number; grossSavings: number; netBenefits: number; cumulativeDiscountedCosts: number; cumulativeDiscountedBenefits: number };
  /** Per agency (types.ts `agencies` order): lines, pvCosts, pvBenefits, npv, roi, paybackYear (NaN = none). */
  agency: number;
  /** npv, bcr, fiscalRoi, publicValueRoi, pvCosts, pvBenefits, cashable, nonCashable, paybackYear, costPer (3), hasCostPer. */
  totals: number;
  length: number;
}

/** Offsets of the per-agency fields, from an agency's base. */
export const agencyField = { lines: 0, pvCosts: 1, pvBenefits: 2, npv: 3, roi: 4, paybackYear: 5 } as const;
export const agencyWidth = 6;
/** Offsets of the totals, from `totals`. */
export const totalField = { npv: 0, bcr: 1, fiscalRoi: 2, publicValueRoi: 3, pvCosts: 4, pvBenefits: 5, cashable: 6, nonCashable: 7, paybackYear: 8, personSupported: 9, moveOn: 10, intensiveYear: 11, hasCostPer: 12 } as const;

/** The appraisal block of `years` years, starting at `at`. */
export function appraisalLayout(years: number, at = 0): AppraisalLayout {
  const byYear = { costs: at, grossSavings: at + years, netBenefits: at + 2 * years, cumulativeDiscountedCosts: at + 3 * years, cumulativeDiscountedBenefits: at + 4 * years };
  const agency = at + 5 * years;
  const totals = agency + agencyWidth * agencies.length;
  return { years, byYear, agency, totals, length: totals + 13 - at };
}

/** One finite service's series (each `periods` long) and its first year over capacity (one number, Infinity = never). */
export interface ServiceLayout {
  name: string;
  capacity: number;
  load: number;
  demand: number;
  utilisation: number;
  waiting: number;
  firstOver: number;
  /** Whether its places count toward the caseload's total capacity: not a service only front-door stages use. */
  inTotal: boolean;
}

export interface Layout {
  periods: number;
  /** Whole years of the horizon (the last may be part of one). */
  years: number;
  rowLength: number;
  states: number[];
  tiers: number[];
  total: number;
  weighted: number;
  waitingForFirstPlace: number;
  openIncludingWaiting: number;
  services: ServiceLayout[];
  capacityTotal: number;
  firstOverTotal: number;
  waitingTotal: number;
  reneged: number;
  /** Mean wait in days of those given a place, per year (NaN: nobody was). */
  waitDays: number;
  entries: number[];
  exitNames: string[];
  exits: number[];
  transitions: number[];
  moves: number[];
  bySource: { referrals: number; eligible: number; started: number }[];
  /** The reasons that end spells of intensive support, and their counts per period. */
  spellReasons: string[];
  spellCount: number[];
  cumulativeSupported: number;
  /** The model's dynamics series (staff in post, contacts, demand turned away), by name. */
  dynamicNames: string[];
  dynamics: number[];
  events: number;
  people: number;
  /** How many spells this replication logged (they follow the chunk's rows). */
  spells: number;
  /** The ledger's amounts[line][year], line by line, when the scenario has economics. */
  ledger: { lines: LedgerLine[]; years: number; at: number } | null;
  appraisal: AppraisalLayout | null;
}

const layouts = new WeakMap<CompiledModel, Layout>();

/** A service that only stages of the front door use: its places hold referrals, not the caseload. */
function frontDoorOnly(model: CompiledModel, service: number): boolean {
  const users = model.states.filter((st) => st.service === service);
  return users.length > 0 && users.every((st) => st.frontDoor);
}

/** The layout of a model's replications, worked out once per model. */
export function layoutOf(model: CompiledModel): Layout {
  const cached = layouts.get(model);
  if (cached) return cached;
  const P = model.periods;
  let at = 0;
  const series = (): number => ((at += P), at - P);
  const scalar = (): number => at++;
  const block = (n: number): number => ((at += n), at - n);
  const sc = model.scenario;
  const years = Math.ceil(sc.horizon - 1e-9);
  const exitNames = exitKeys(model);
  const reasons = spellReasons(model);
  const layout: Layout = {
    periods: P,
    years,
    rowLength: 0,
    states: model.states.map(series),
    tiers: tiers.map(series),
    total: series(),
    weighted: series(),
    waitingForFirstPlace: series(),
    openIncludingWaiting: series(),
    services: model.services
      .filter((s) => s.finite)
      .map((s) => ({ name: s.name, capacity: series(), load: series(), demand: series(), utilisation: series(), waiting: series(), firstOver: scalar(), inTotal: !frontDoorOnly(model, s.index) })),
    capacityTotal: series(),
    firstOverTotal: scalar(),
    waitingTotal: series(),
    reneged: series(),
    waitDays: block(years),
    entries: entryKinds.map(series),
    exitNames,
    exits: exitNames.map(series),
    transitions: model.reasons.map(series),
    moves: model.moves.map(series),
    bySource: model.sources.map(() => ({ referrals: series(), eligible: series(), started: series() })),
    spellReasons: reasons,
    spellCount: reasons.map(series),
    cumulativeSupported: series(),
    dynamicNames: model.dynamics.map((d) => d.name),
    dynamics: model.dynamics.map(series),
    events: scalar(),
    people: scalar(),
    spells: scalar(),
    ledger: null,
    appraisal: null,
  };
  if (sc.economics) {
    const plan = ledgerPlan(model);
    layout.ledger = { lines: plan.lines, years: plan.years, at: block(plan.lines.length * plan.years) };
    layout.appraisal = appraisalLayout(plan.years, at);
    at += layout.appraisal.length;
  }
  layout.rowLength = at;
  layouts.set(model, layout);
  return layout;
}

/** Two draws' layouts agree when their rows line up field for field: draws differ in numbers only. */
export function sameShape(a: Layout, b: Layout): boolean {
  return a.rowLength === b.rowLength && a.periods === b.periods && a.exitNames.join('\n') === b.exitNames.join('\n') && (a.ledger?.lines.length ?? -1) === (b.ledger?.lines.length ?? -1);
}
