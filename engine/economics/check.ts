/**
 * Checks the names a scenario's economics section refers to against the
 * scenario: kept apart from the file format so the format does not need the
 * scenario type (which holds the economics).
 */
import type { Finding, PathSegment } from '../model/problems.ts';
import { didYouMean, listNames } from '../model/problems.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Economics } from './schema.ts';

/** Checks names the economics section refers to: unit costs, states, services, deflator years and funder order. */
export function checkEconomics(e: Economics, s: Partial<Scenario>): Finding[] {
  const out: Finding[] = [];
  const costNames = e.unitCosts.map((u) => u.name);
  // Service use and per-person costs may name a state or one of its phases.
  const phaseNames = (s.states ?? []).flatMap((x) => x.phases.filter((ph) => ph.name !== x.name).map((ph) => ph.name));
  const stateNames = [...(s.states ?? []).map((x) => x.name), ...phaseNames];
  const stateWord = phaseNames.length > 0 ? 'state or phase' : 'state';
  const serviceNames = (s.services ?? []).map((x) => x.name);
  const ref = (name: string, names: string[], what: string, path: PathSegment[], at: Finding['at'] = 'value'): void => {
    if (names.includes(name)) return;
    out.push({
      path,
      at,
      message: `unknown ${what} "${name}"; ${names.length ? `expected one of ${listNames(names)}` : `no ${what}s are defined`}`,
      expected: names.length ? `one of ${listNames(names)}` : `a ${what} defined in the scenario`,
      found: JSON.stringify(name),
      hint: didYouMean(name, names) ?? (what === 'unit cost' ? 'add it under economics.unitCosts, or extend unit-costs.yaml, the library' : what === 'unit cost' ? '' : `define it under ${what === 'state' ? 'states' : 'states (or as a phase of a state)'}`),
    });
  };
  for (const [state, m] of Object.entries(e.use)) {
    ref(state, stateNames, stateWord, ['economics', 'use', state], 'key');
    for (const u of Object.keys(m)) ref(u, costNames, 'unit cost', ['economics', 'use', state, u], 'key');
  }
  for (const u of Object.keys(e.counterfactual)) ref(u, costNames, 'unit cost', ['economics', 'counterfactual', u], 'key');
  const contactKinds = [...new Set((s.states ?? []).flatMap((x) => (x.contacts ?? []).map((c) => c.name)))];
  for (const [kind, u] of Object.entries(e.contacts ?? {})) {
    ref(kind, contactKinds, 'contact kind', ['economics', 'contacts', kind], 'key');
    ref(u, costNames, 'unit cost', ['economics', 'contacts', kind]);
  }
  for (const [reason, u] of Object.entries(e.perMove ?? {})) ref(u, costNames, 'unit cost', ['economics', 'perMove', reason]);
  for (const [state, u] of Object.entries(e.programme.perPersonYear)) {
    ref(state, stateNames, stateWord, ['economics', 'programme', 'perPersonYear', state], 'key');
    ref(u, costNames, 'unit cost', ['economics', 'programme', 'perPersonYear', state]);
  }
  const unlimitedAt = (service: Scenario['services'][number]): boolean => !Number.isFinite(service.capacity) || service.changes.some((c) => !Number.isFinite(c.capacity));
  for (const svc of Object.keys(e.programme.staff)) {
    ref(svc, serviceNames, 'service', ['economics', 'programme', 'staff', svc], 'key');
    const service = s.services?.find((x) => x.name === svc);
    if (service && !service.staff) {
      out.push({ path: ['economics', 'programme', 'staff', svc], at: 'key', message: `service "${svc}" has no staff (it is given as beds or places)`, hint: `cost its places with programme.places, or per person-year with programme.perPersonYear, or give services.${svc}.staff` });
    } else if (service && unlimitedAt(service)) {
      out.push({ path: ['economics', 'programme', 'staff', svc], at: 'key', message: `service "${svc}" becomes unlimited at a change, so its staff cannot be counted`, hint: `give the change staff: { fte: ... } instead of unlimited: true, or cost it per person-year with programme.perPersonYear` });
    }
  }
  for (const svc of Object.keys(e.programme.places)) {
    ref(svc, serviceNames, 'service', ['economics', 'programme', 'places', svc], 'key');
    const service = s.services?.find((x) => x.name === svc);
    if (service && unlimitedAt(service)) {
      out.push({ path: ['economics', 'programme', 'places', svc], at: 'key', message: `service "${svc}" is unlimited, so it has no places to cost`, hint: `give services.${svc} beds or places, or cost it per person-year with programme.perPersonYear` });
    }
  }
  const reasons = new Set((s.states ?? []).flatMap((x) => [...x.exits.map((e) => e.reason), ...x.next.map((b) => b.reason)]));
  (e.outcomes?.moveOn ?? []).forEach((r, i) => {
    if (!reasons.has(r)) ref(r, [...reasons].sort(), 'reason', ['economics', 'outcomes', 'moveOn', i]);
  });
  const unitYears = new Set(e.unitCosts.map((u) => u.priceYear).filter((y) => y !== e.priceYear));
  for (const y of unitYears) {
    if (!(String(y) in e.deflators && String(e.priceYear) in e.deflators)) {
      out.push({
        path: ['economics', 'deflators'],
        at: 'parent',
        message: `unit costs are priced in ${y} but the appraisal is in ${e.priceYear} prices, and deflators for both years are not given`,
        hint: `add economics.deflators with "${y}" and "${e.priceYear}" (GDP deflator index)`,
      });
    }
  }
  e.programme.funders.forEach((f, i) => {
    const last = i === e.programme.funders.length - 1;
    if (last !== (f.until === Infinity)) {
      out.push({ path: ['economics', 'programme', 'funders', i], message: last ? 'the last funder must have no `until`' : 'every funder but the last needs `until`', hint: 'list funders in time order; the last pays to the end of the horizon' });
    } else if (i > 0 && !(f.until > e.programme.funders[i - 1].until)) {
      out.push({ path: ['economics', 'programme', 'funders', i, 'until'], message: 'funders must be in time order', hint: 'list funders in the order they pay' });
    }
  });
  return out;
}
