/**
 * Range checks that make `validate` refuse what a run would refuse: values the
 * schema's types allow but the simulation cannot take. A state that holds a
 * place must take a share of it; a time (an assessment, a stay, a wait) cannot
 * be negative, so a time's distribution must not reach below 0; a capacity must
 * be finite unless the service is unlimited, and change only after the start.
 * Paths are file paths; the loader places each finding at the value written.
 */
import type { Finding, PathSegment } from './problems.ts';
import type { Dist, Scenario } from './scenario.ts';
import { showFound } from './units.ts';

/** Runs the range checks on the sections that are present. */
export function checkRanges(s: Partial<Scenario>, ctx: { written(path: PathSegment[]): unknown }): Finding[] {
  const out: Finding[] = [];
  const found = (path: PathSegment[]): string => showFound(ctx.written(path));

  for (const st of s.states ?? []) {
    const base = ['states', st.name];
    if (st.service !== undefined && Number.isFinite(st.weight) && !(st.weight > 0)) {
      const path = [...base, 'weight'];
      out.push({
        path,
        message: `expected a weight > 0 for a state that uses the service "${st.service}", found ${found(path)}`,
        expected: 'a weight > 0',
        found: found(path),
        hint: 'a state that holds a place takes a share of it, e.g. 1 for intensive or 0.2 for drop-in; leave out service for a state that holds no place',
      });
    }
    if (st.duration) timeDistribution(st.duration.distribution, [...base, 'duration'], 'a stay', false, true);
  }
  if (s.screening) timeDistribution(s.screening.assessment.duration, ['screening', 'assessment', 'duration'], 'an assessment', false, false);
  for (const sv of s.services ?? []) {
    const base = ['services', sv.name];
    if (sv.patience) timeDistribution(sv.patience, [...base, 'patience'], 'a wait', true, false);
    // The capacity at the start is the service's own; a change at the start would be a second step at time 0.
    if (!(sv.opens > 0)) {
      sv.changes.forEach((c, i) => {
        if (c.at !== 0) return;
        const path = [...base, 'changes', i, 'at'];
        out.push({
          path,
          message: `expected a time after the start for a change of capacity, found ${found(path)}`,
          expected: 'a time > 0',
          found: found(path),
          hint: "the capacity at the start is the service's own (staff, beds or places): change that instead, or give the change a later time",
        });
      });
    }
    const unlimited = ctx.written([...base, 'unlimited']) === true;
    const capacities = [sv.capacity, ...sv.changes.map((c) => c.capacity)];
    const i = capacities.findIndex((c) => c === Infinity);
    if (!unlimited && i >= 0) {
      const path = i === 0 ? base : [...base, 'changes', i - 1];
      out.push({
        path,
        at: 'key',
        message: 'the capacity comes to more than the largest number there is: fte × caseloadPerWorker (or beds, places) is too large',
        expected: 'a finite capacity',
        found: 'infinity',
        hint: 'check the numbers; for a service without a limit write unlimited: true',
      });
    }
  }
  return out;

  /**
   * A time's distribution: nothing below 0 (the clock cannot go back); for a
   * wait, no value of exactly 0 either (a wait of 0 would leave before joining).
   * `field` holds a fixed time ("2 weeks") or the distribution's map, which a
   * state's duration (`nested`) holds under `distribution:`.
   */
  function timeDistribution(d: Dist, field: PathSegment[], what: string, positive: boolean, nested: boolean): void {
    const path = nested && typeof ctx.written(field) !== 'string' ? [...field, 'distribution'] : field;
    const shorthand = typeof ctx.written(path) === 'string';
    const low = lowest(d);
    if (low === undefined) return;
    if (low === 'unbounded') {
      out.push({
        path,
        at: 'key',
        message: `a normal distribution of ${what} without a lower bound gives negative times`,
        expected: 'lower: "0 days" or more',
        found: 'no lower bound',
        hint: 'add lower: "0 days" (the distribution is then cut off at 0), or use a distribution of positive times such as gamma or lognormal',
      });
      return;
    }
    const bad = positive ? !(low.value > 0) && (low.atom || low.value < 0) : low.value < 0;
    if (!bad) return;
    const at = shorthand ? path : [...path, ...low.param];
    const bound = positive && low.atom ? '> 0' : '>= 0';
    out.push({
      path: at,
      message: `expected ${shorthand ? `a time ${bound}` : `${low.param[0]} ${bound}`} for ${what}, found ${found(at)}`,
      expected: `a time ${bound}`,
      found: found(at),
      hint: positive
        ? 'a wait cannot be negative or 0: give how long people wait before leaving the list, e.g. "3 months", or leave patience out for people who wait indefinitely'
        : 'a time cannot be negative: give a length of time such as "2 weeks" (0 for none)',
    });
  }
}

/**
 * The lowest value a distribution gives and the parameter that sets it (with
 * whether that value is drawn with a positive probability, as a fixed value
 * is); 'unbounded' for a normal with no lower bound; undefined when every
 * value is above 0 by the family (exponential, gamma, lognormal, weibull).
 */
function lowest(d: Dist): { value: number; param: PathSegment[]; atom: boolean } | 'unbounded' | undefined {
  const least = (xs: readonly number[], name: string): { value: number; param: PathSegment[]; atom: boolean } => {
    const i = xs.reduce((best, x, j) => (x < xs[best] ? j : best), 0);
    return { value: xs[i], param: [name, i], atom: true };
  };
  switch (d.type) {
    case 'fixed': return { value: d.value, param: ['value'], atom: true };
    case 'uniform': return { value: d.min, param: ['min'], atom: false };
    case 'triangular': return { value: d.min, param: ['min'], atom: false };
    case 'normal': return d.lower === undefined ? 'unbounded' : { value: d.lower, param: ['lower'], atom: false };
    case 'discrete': return d.values.length > 0 ? least(d.values, 'values') : undefined;
    case 'empirical': return d.data.length > 0 ? least(d.data, 'data') : undefined;
    default: return undefined;
  }
}
