/**
 * Checks on a scenario's targets: every state, tier, service, source and
 * reason they name exists, windows run forwards within the horizon, and the
 * observed values and their uncertainties make sense.
 */
import { didYouMean, listNames, type Finding, type PathSegment } from './problems.ts';
import type { CountMeasure, Scenario, Target } from './scenario.ts';
import { tiers } from './record.ts';

export function checkTargets(s: Partial<Scenario>, horizon: number | undefined): Finding[] {
  const out: Finding[] = [];
  const states = (s.states ?? []).map((x) => x.name);
  const reasons = [...new Set((s.states ?? []).flatMap((x) => [...x.exits.map((e) => e.reason), ...x.next.map((b) => b.reason)]))];
  const services = (s.services ?? []).filter((x) => Number.isFinite(x.capacity)).map((x) => x.name);
  const sources = [...(s.referrals ?? []).map((r) => r.name), 'cohorts'];
  const known = (name: string, names: readonly string[], what: string, path: PathSegment[]): void => {
    if (names.includes(name)) return;
    out.push({
      path,
      message: `unknown ${what} "${name}"; expected one of ${listNames(names)}`,
      expected: `one of ${listNames(names)}`,
      found: JSON.stringify(name),
      hint: didYouMean(name, names) ?? `name a ${what} the scenario has`,
    });
  };
  const stateOrTier = [...states, ...tiers];
  const window = (w: { from: number; to: number }, path: PathSegment[]): void => {
    if (Number.isNaN(w.from) || Number.isNaN(w.to)) return; // a date already reported
    if (!(w.from >= 0) || !(w.to > w.from)) out.push({ path: [...path, 'between'], message: 'expected a window that runs forwards from the start, [from, to] with to after from', expected: 'from < to, both >= 0', found: `from ${+(w.from * 12).toFixed(2)} months to ${+(w.to * 12).toFixed(2)} months`, hint: 'write between: [earlier, later], e.g. ["2014-09-01", "2016-01-01"]' });
    else if (horizon !== undefined && w.to > horizon + 1e-9) out.push({ path: [...path, 'between', 1], message: `expected the window to end within the horizon (${+(horizon * 12).toFixed(2)} months), found ${+(w.to * 12).toFixed(2)} months`, expected: 'a time up to the horizon', found: `${+(w.to * 12).toFixed(2)} months`, hint: 'end the window earlier, or extend horizon' });
  };
  const count = (m: CountMeasure, path: PathSegment[]): void => {
    if (m.source !== undefined) {
      if (!['referrals', 'eligible', 'starts'].includes(m.of)) out.push({ path: [...path, 'referredBy'], at: 'key', message: `referredBy applies to referrals, eligible and starts, not ${m.of}`, hint: 'remove referredBy' });
      else known(m.source, sources, 'referral source', [...path, 'referredBy']);
    }
    if (m.reason !== undefined) {
      if (!['spells', 'moves', 'exits'].includes(m.of)) out.push({ path: [...path, 'reason'], at: 'key', message: `reason applies to spells, moves and exits, not ${m.of}`, hint: 'remove reason' });
      else known(m.reason, reasons, 'reason', [...path, 'reason']);
    }
    if (m.contact !== undefined) {
      if (m.of !== 'contacts' && m.of !== 'onward') out.push({ path: [...path, 'contact'], at: 'key', message: `contact applies to contacts and onward, not ${m.of}`, hint: 'remove contact, or count contacts' });
      else known(m.contact, [...new Set((s.states ?? []).flatMap((x) => (x.contacts ?? []).map((c) => c.name)))], 'contact kind', [...path, 'contact']);
    }
    for (const side of ['from', 'to'] as const) {
      const list = m[side];
      if (list === undefined) continue;
      if (m.of !== 'moves') out.push({ path: [...path, side], at: 'key', message: `${side} applies to moves, not ${m.of}`, hint: `remove ${side}, or count moves` });
      else list.forEach((n, i) => (n === '' && side === 'to' ? undefined : known(n, stateOrTier, 'state or tier', list.length === 1 ? [...path, side] : [...path, side, i])));
    }
    window(m.window, path);
  };
  const at = (t: number, path: PathSegment[]): void => {
    if (Number.isNaN(t)) return;
    if (!(t > 0)) out.push({ path: [...path, 'at'], message: 'expected a time after the start', expected: 'a time > 0', found: `${t}`, hint: 'a stock is read at a period end, e.g. at: "16 months"' });
    else if (horizon !== undefined && t > horizon + 1e-9) out.push({ path: [...path, 'at'], message: `expected a time within the horizon (${+(horizon * 12).toFixed(2)} months)`, expected: 'a time up to the horizon', found: `${+(t * 12).toFixed(2)} months`, hint: 'read it earlier, or extend horizon' });
  };
  for (const t of s.targets ?? []) check(t);
  return out;

  function check(t: Target): void {
    const path: PathSegment[] = ['targets', t.name];
    const m = t.measure;
    if (!Number.isFinite(t.observed) || t.observed < 0) out.push({ path: [...path, 'observed'], message: `expected an observed value >= 0, found ${t.observed}`, expected: 'a number >= 0', found: String(t.observed), hint: 'give the figure the report observed, e.g. observed: 49' });
    if (!(t.sd > 0)) out.push({ path: [...path, 'sd'], message: `expected an uncertainty > 0, found ${+t.sd.toPrecision(4)}`, expected: 'sd > 0, or a range with high > low', found: String(+t.sd.toPrecision(4)), hint: 'give the observed value\'s standard error, e.g. sd: 20, or range: [150, 240]' });
    if (m.kind === 'count') count(m, path);
    else if (m.kind === 'share') {
      count(m.numerator, [...path, 'share', 'are']);
      count(m.denominator, [...path, 'share', 'of']);
      if (t.observed > 1) out.push({ path: [...path, 'observed'], message: `expected a share from 0 to 1, found ${t.observed}`, expected: 'a share from 0 to 1', found: String(t.observed), hint: 'write 68% as 0.68' });
    } else if (m.kind === 'open') {
      m.states.forEach((n, i) => known(n, stateOrTier, 'state or tier', m.states.length === 1 ? [...path, 'open'] : [...path, 'open', i]));
      at(m.at, path);
    } else if (m.kind === 'waiting') {
      known(m.service, services, 'service with a capacity limit', [...path, 'waiting']);
      at(m.at, path);
    } else if (m.kind === 'users') {
      m.states.forEach((n, i) => known(n, stateOrTier, 'state or tier', m.states.length === 1 ? [...path, 'users'] : [...path, 'users', i]));
      window(m.window, path);
    } else {
      known(m.reason, reasons, 'reason', [...path, 'meanDays']);
      window(m.window, path);
    }
  }
}
