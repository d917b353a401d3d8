/**
 * Unit costs in the parameter panel: every unit cost the scenario actually
 * prices (in its service use, its business-as-usual counterfactual or its
 * programme's per-person-year costs), in the order the library lists them, so
 * NHS items come together, then police, justice and so on. A library cost the
 * scenario never uses cannot move a result, so it is not offered. Pure: no DOM.
 */
import { agencyLabels, type Agency } from '../engine/economics/types.ts';
import { isMap } from '../engine/model/raw.ts';
import type { Param } from './params.ts';

export interface UnitCostParam extends Param {
  /** Who pays, as the engine labels agencies ("NHS", "Police"). */
  agency: string;
}

/** The override path of a unit cost's price: "economics.unitCosts.ae_attendance.cost". */
export const unitCostPath = (name: string): string => `economics.unitCosts.${name}.cost`;
export const isUnitCostPath = (path: string): boolean => /^economics\.unitCosts\.[^.]+\.cost$/.test(path);

/** An agency's label ("NHS"), or the name itself for one the engine does not know; `constructor` is not an agency. */
export const agencyLabel = (agency: unknown): string =>
  typeof agency === 'string' && Object.hasOwn(agencyLabels, agency) ? agencyLabels[agency as Agency] : String(agency ?? 'other');

/** Names of the unit costs the economics section refers to. */
function usedNames(e: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  const keysOf = (m: unknown): string[] => (isMap(m) ? Object.keys(m) : []);
  for (const rates of Object.values(isMap(e.use) ? e.use : {})) keysOf(rates).forEach((k) => used.add(k));
  keysOf(e.counterfactual).forEach((k) => used.add(k));
  const perPersonYear = isMap(e.programme) && isMap(e.programme.perPersonYear) ? e.programme.perPersonYear : {};
  for (const v of Object.values(perPersonYear)) if (typeof v === 'string') used.add(v);
  return used;
}

export function unitCostParams(raw: unknown): UnitCostParam[] {
  if (!isMap(raw) || !isMap(raw.economics) || !isMap(raw.economics.unitCosts)) return [];
  const used = usedNames(raw.economics);
  const out: UnitCostParam[] = [];
  for (const [name, u] of Object.entries(raw.economics.unitCosts)) {
    if (!used.has(name) || !isMap(u) || typeof u.cost !== 'number') continue;
    const per = typeof u.per === 'string' ? u.per : 'event';
    out.push({
      path: unitCostPath(name),
      label: `${typeof u.label === 'string' ? u.label : name}, £ per ${per}`,
      kind: 'number',
      current: String(u.cost),
      min: '0',
      step: 'any',
      // Pounds are a plain number in the file, at the cost's own price year.
      write: (v) => v.trim(),
      agency: agencyLabel(u.agency),
    });
  }
  return out;
}
