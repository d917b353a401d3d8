/**
 * Semantic checks on a converted scenario: names that must exist, ranges, probabilities that
 * must sum to 1, time orders, and groups of states nobody can leave. Paths are file paths
 * ("states.iss.exits[1].rate"); the loader places them in the file.
 */
import type { Finding, PathSegment } from './problems.ts';
import { didYouMean, listNames } from './problems.ts';
import type { Branch, Exit, Modifiers, RatePieces, Scenario, Schedule, State } from './scenario.ts';
import { scheduleAt } from './schedule.ts';
import { checkRanges } from './check-ranges.ts';
import { checkTargets } from './check-targets.ts';
import { isReservedName } from './names.ts';
import { showFound } from './units.ts';

/** Names a check can rely on even when parts of the scenario failed validation. */
export interface CheckContext {
  /** Every state and service declared, including ones whose own definition had errors (so they are not also reported as unknown). */
  stateNames: readonly string[];
  serviceNames: readonly string[];
  /** The value written at a file path (or at the nearest enclosing field that exists), for quoting in messages. */
  written(path: PathSegment[]): unknown;
}

export const reservedStateNames = ['t', 'total', 'weighted', 'waitingForFirstPlace', 'openIncludingWaiting'] as const;
const SUM_TOLERANCE = 1e-9;

/** Runs every check on the sections that are present, returning all findings. */
export function checkScenario(s: Partial<Scenario>, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const found = (path: PathSegment[]): string => showFound(ctx.written(path));
  const horizon = s.horizon !== undefined && s.horizon > 0 ? s.horizon : undefined;

  /** Reports `x` unless ok(x); `what` reads "a rate >= 0". */
  const need = (ok: boolean, path: PathSegment[], what: string, hint: string): void => {
    if (!ok) out.push({ path, message: `expected ${what}, found ${found(path)}`, expected: what, found: found(path), hint });
  };
  const nonNegative = (x: number, path: PathSegment[], what: string, hint: string): void => need(Number.isFinite(x) && x >= 0, path, `${what} >= 0`, hint);
  const count = (x: number, path: PathSegment[], hint: string): void => need(Number.isInteger(x) && x >= 0, path, 'a whole number >= 0', hint);
  const probability = (p: number, path: PathSegment[], hint: string): void => need(p >= 0 && p <= 1, path, 'a probability from 0 to 1', hint);

  const stateRef = (name: string, path: PathSegment[]): void => {
    if (ctx.stateNames.includes(name)) return;
    const names = ctx.stateNames;
    out.push({
      path,
      message: `unknown state "${name}"; ${names.length ? `expected one of ${listNames(names)}` : 'no states are defined'}`,
      expected: names.length ? `one of ${listNames(names)}` : 'a state defined under states',
      found: JSON.stringify(name),
      hint: isReservedName(name) ? `"${name}" cannot name a state (every JavaScript object has it): use one of the states defined there` : (didYouMean(name, names) ?? `define a state "${name}" under states, or use one of the states defined there`),
    });
  };

  /** A change list: `at` within the horizon and strictly ascending. */
  const changes = (list: { at: number }[], path: PathSegment[]): void => {
    list.forEach((c, i) => {
      const p = [...path, i, 'at'];
      if (Number.isNaN(c.at) || (i > 0 && Number.isNaN(list[i - 1].at))) return; // a date already reported
      nonNegative(c.at, p, 'a time', 'times are measured from the start of the simulation, e.g. "1 year"');
      if (i > 0 && !(c.at > list[i - 1].at)) {
        out.push({
          path: p,
          message: `expected changes in time order, found ${found(p)} after ${found([...path, i - 1, 'at'])}`,
          expected: `a time after ${found([...path, i - 1, 'at'])}`,
          found: found(p),
          hint: 'list the changes in the order they happen, each at a different time',
        });
      } else if (horizon !== undefined && c.at > horizon) {
        out.push({
          path: p,
          message: `expected a time within the horizon (${found(['horizon'])}), found ${found(p)}`,
          expected: `a time up to the horizon, ${found(['horizon'])}`,
          found: found(p),
          hint: 'remove this change, or extend horizon so the run reaches it',
        });
      }
    });
  };

  const modifiers = (m: Modifiers, path: PathSegment[]): void => {
    for (const [n, f] of Object.entries(m.needs)) nonNegative(f as number, [...path, n], 'a factor', 'a need factor multiplies the rate: 1 leaves it unchanged, 1.2 raises it by 20%');
  };

  // Top level --------------------------------------------------------------
  if (s.horizon !== undefined) need(s.horizon > 0, ['horizon'], 'a duration > 0', 'the time simulated, e.g. "10 years"');
  if (s.period !== undefined) {
    need(s.period > 0 && (horizon === undefined || s.period <= horizon), ['period'], `a duration > 0${horizon ? ' and no longer than the horizon' : ''}`, 'the reporting period, e.g. "1 month" or "1 quarter"');
  }

  for (const r of s.referrals ?? []) {
    const base = ['referrals', r.name];
    nonNegative(r.rate.rate, [...base, 'rate'], 'a rate', 'a rate cannot be negative: give referrals per unit of time, e.g. "340 per year"');
    nonNegative(r.rampUp, [...base, 'rampUp'], 'a duration', 'the time the stream takes to reach its full rate, e.g. "3 months"');
    r.rate.changes.forEach((c, i) => nonNegative(c.rate, [...base, 'changes', i, 'rate'], 'a rate', 'the new referral rate, e.g. "250 per year"'));
    changes(r.rate.changes, [...base, 'changes']);
    if (r.eligible) scheduled(r.eligible.p, [...base, 'eligible'], 'the share of this source\'s referrals that are eligible, e.g. 0.4 for 40%');
  }

  (s.cohorts ?? []).forEach((c, i) => {
    count(c.count, ['cohorts', i, 'count'], 'the number of people arriving together, e.g. 30');
    if (!Number.isNaN(c.at)) nonNegative(c.at, ['cohorts', i, 'at'], 'a time', 'when the group arrives, from the start');
    if (horizon !== undefined && c.at > horizon) need(false, ['cohorts', i, 'at'], `a time up to the horizon, ${found(['horizon'])}`, 'remove the cohort, or extend horizon so the run reaches it');
    if (c.state !== undefined) stateRef(c.state, ['cohorts', i, 'state']);
  });

  for (const g of s.initial ?? []) {
    stateRef(g.state, ['initial', g.state]);
    count(g.count, ['initial', g.state, 'count'], 'the number of clients already open in this state at the start, e.g. 40');
  }

  if (s.attributes) {
    for (const [n, spec] of Object.entries(s.attributes.needs)) probability(spec!.prevalence, ['attributes', 'needs', n, 'prevalence'], 'the share of people with this need, e.g. 0.75 for 75%');
  }

  // Screening --------------------------------------------------------------
  if (s.screening) {
    const sc = s.screening;
    scheduled(sc.eligible.p, ['screening', 'eligible'], 'the share of referrals that are eligible, e.g. 0.68 for 68%');
    scheduled(sc.starts.p, ['screening', 'starts'], 'the share of eligible people who start, e.g. 0.65 for 65%');
    const rule = sc.eligible.rule;
    const rp = ['screening', 'eligible', 'rule'];
    if (rule.needs) {
      const n = rule.needs.of.length;
      need(Number.isInteger(rule.needs.atLeast) && rule.needs.atLeast >= 0 && rule.needs.atLeast <= n, [...rp, 'needs', 'atLeast'], `a whole number from 0 to ${n} (the needs listed)`, `count how many of the ${n} needs listed in \`of\` a person must have, e.g. atLeast: 3`);
      rule.needs.of.forEach((nd, i) => {
        if (!s.attributes?.needs[nd]) {
          out.push({ path: [...rp, 'needs', 'of', i], message: `the rule counts the need "${nd}", but attributes.needs gives it no prevalence, so no one has it`, expected: 'a need with a prevalence under attributes.needs', found: JSON.stringify(nd), hint: `add attributes.needs.${nd}: { prevalence: ... }, or leave it out of the rule` });
        }
      });
    }
    if (rule.complexity) {
      changes(rule.complexity.atLeast.changes, [...rp, 'complexity', 'changes']);
      if (s.attributes && s.attributes.complexity.distribution.type === 'fixed' && (s.referrals ?? []).every((r) => !r.attributes)) {
        out.push({ path: [...rp, 'complexity'], at: 'key', message: 'the rule sets a complexity threshold, but no complexity distribution is given, so every score is 0', expected: 'attributes.complexity', found: 'none', hint: 'add attributes.complexity: { distribution: ... }, or remove the complexity rule' });
      }
    }
    branches(sc.entry, ['screening', 'entry'], true);
    const screened = (s.referrals?.length ?? 0) > 0 || (s.cohorts ?? []).some((c) => c.state === undefined);
    if (screened && sc.entry.length === 0) {
      out.push({
        path: ['screening', 'entry'],
        at: 'parent',
        message: 'missing screening.entry: referrals arrive but no entry state is given',
        expected: 'an entry state',
        found: 'nothing',
        hint: 'add entry: iss (a state name), or a list of branches such as [{ to: iss, p: 0.9 }, { to: abs, p: 0.1 }]',
      });
    }
  }

  /** A probability and its dated changes: each in [0, 1], the changes in time order. */
  function scheduled(p: Schedule, path: PathSegment[], hint: string): void {
    probability(p.value, [...path, 'p'], hint);
    p.changes.forEach((c, i) => probability(c.value, [...path, 'changes', i, 'p'], hint));
    changes(p.changes, [...path, 'changes']);
  }

  /** Named branches (next, entry): p in [0, 1] and summing to 1 at every time; targets that exist. */
  function branches(list: Branch[], path: PathSegment[], needTo: boolean): void {
    const one = list.length === 1 && list[0].name === list[0].to && path[path.length - 1] === 'entry'; // entry: iss
    for (const b of list) {
      const bp = one ? path : [...path, b.name];
      scheduled(b.p, bp, 'the probability of this branch; the branches sum to 1');
      if (b.to !== undefined) stateRef(b.to, one ? path : [...bp, 'to']);
      else if (needTo) out.push({ path: bp, at: 'key', message: 'missing required field "to": an entry branch must name a state', expected: 'a state name', found: 'nothing', hint: 'add to: <state>, e.g. to: iss' });
      modifiers(b.modifiers, [...bp, 'modifiers']);
    }
    const all = (b: Branch): number[] => [b.p.value, ...b.p.changes.map((c) => c.value)];
    if (list.length === 0 || !list.every((b) => all(b).every((p) => p >= 0 && p <= 1))) return;
    // The sum must be 1 from the start and after every change of any branch.
    const times = [0, ...new Set(list.flatMap((b) => b.p.changes.map((c) => c.at)))].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    for (const t of times) {
      const ps = list.map((b) => scheduleAt(b.p, t));
      const sum = ps.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) <= SUM_TOLERANCE) continue;
      const terms = ps.map(String).join(' + ');
      out.push({
        path,
        message: `expected the branch probabilities to sum to 1${t > 0 ? ` after the change at ${+(t * 12).toPrecision(4)} months` : ''}, found ${list.length > 1 ? `${terms} = ` : ''}${+sum.toPrecision(12)}`,
        expected: 'p summing to 1',
        found: String(+sum.toPrecision(12)),
        hint: t > 0 ? 'give the other branches changes at the same time, so the branches still add up to 1' : 'adjust p so the branches add up to 1 (a branch without `to` leaves the caseload)',
      });
      return;
    }
  }

  // Services ----------------------------------------------------------------
  for (const sv of s.services ?? []) {
    const base = ['services', sv.name];
    if (sv.staff) {
      nonNegative(sv.staff.fte, [...base, 'staff', 'fte'], 'a number', 'full-time-equivalent workers in the team, e.g. 14');
      need(sv.staff.caseloadPerWorker > 0, [...base, 'staff', 'caseloadPerWorker'], 'a number > 0', 'caseload per worker is the number of weighted clients one full-time worker holds, e.g. 7');
    } else if (Number.isFinite(sv.capacity) || Number.isNaN(sv.capacity)) {
      const field = ctx.written([...base, 'beds']) !== undefined ? 'beds' : 'places';
      nonNegative(sv.capacity, [...base, field], 'a number', field === 'beds' ? 'the number of beds, e.g. 9' : 'the number of weighted places, e.g. 40');
    }
    sv.changes.forEach((_, i) => {
      const cp = [...base, 'changes', i];
      for (const f of [['staff', 'fte'], ['staff', 'caseloadPerWorker'], ['beds'], ['places']]) {
        const v = ctx.written([...cp, ...f]);
        if (typeof v !== 'number' || ctx.written([...cp, f[0]]) === undefined) continue;
        if (f[1] === 'caseloadPerWorker') need(v > 0, [...cp, ...f], 'a number > 0', 'caseload per worker is the number of weighted clients one full-time worker holds, e.g. 7');
        else nonNegative(v, [...cp, ...f], 'a number', `the new ${f.join('.')}`);
      }
    });
    changes(sv.changes, [...base, 'changes']);
    if (!Number.isNaN(sv.opens)) nonNegative(sv.opens, [...base, 'opens'], 'a time', 'when the service opens, from the start (or a date on or after start)');
  }

  // States -----------------------------------------------------------------
  for (const st of s.states ?? []) {
    const base = ['states', st.name];
    if ((reservedStateNames as readonly string[]).includes(st.name)) {
      out.push({
        path: base,
        at: 'key',
        message: `the state name "${st.name}" is reserved (${listNames([...reservedStateNames], 'and')} name output columns)`,
        expected: `a name other than ${listNames([...reservedStateNames])}`,
        found: JSON.stringify(st.name),
        hint: `rename the state, e.g. "${st.name}-state", and update every \`to\` that names it`,
      });
    }
    if (st.service !== undefined && !ctx.serviceNames.includes(st.service)) {
      const names = ctx.serviceNames;
      out.push({
        path: [...base, 'service'],
        message: `unknown service "${st.service}"; ${names.length ? `expected one of ${listNames(names)}` : 'no services are defined'}`,
        expected: names.length ? `one of ${listNames(names)}` : 'a service defined under services',
        found: JSON.stringify(st.service),
        hint: isReservedName(st.service) ? `"${st.service}" cannot name a service (every JavaScript object has it): use one of the services defined there` : (didYouMean(st.service, names) ?? `define a service "${st.service}" under services, or leave out service for no capacity limit`),
      });
    }
    // A state on a service needs a weight > 0: checkRanges says so, in words about the place it holds.
    if (st.service === undefined) nonNegative(st.weight, [...base, 'weight'], 'a weight', 'the share of a place this state takes: 1 for intensive, e.g. 0.2 for drop-in');
    if (!Number.isNaN(st.opens)) nonNegative(st.opens, [...base, 'opens'], 'a time', 'when the state opens, from the start (or a date on or after start)');
    for (const e of st.exits) exitChecks(e, [...base, 'exits', e.name]);
    st.phases.forEach((ph, i) => {
      const last = i === st.phases.length - 1;
      const pp = [...base, 'phases', ph.name];
      if (ph.name !== st.name && ctx.stateNames.includes(ph.name)) {
        out.push({ path: pp, at: 'key', message: `the phase name "${ph.name}" is also a state's name, so economics.use.${ph.name} would name both`, expected: 'a phase name that no state has', found: JSON.stringify(ph.name), hint: `rename the phase, e.g. "${ph.name}-phase"` });
      }
      if (!last && !Number.isFinite(ph.until)) out.push({ path: pp, at: 'key', message: 'missing `until`: only the last phase may be open-ended', expected: 'until on every phase but the last', found: 'no until', hint: 'add until: "12 months" (time in the state when this phase ends)' });
      else if (last && Number.isFinite(ph.until)) out.push({ path: [...pp, 'until'], message: `expected the last phase to be open-ended (no \`until\`), found until: ${found([...pp, 'until'])}`, expected: 'no until on the last phase', found: found([...pp, 'until']), hint: 'add a last phase without until, e.g. established: {}' });
      else if (!last && (ph.until <= 0 || (i > 0 && ph.until <= st.phases[i - 1].until))) need(false, [...pp, 'until'], `a time after ${i > 0 ? found([...base, 'phases', st.phases[i - 1].name, 'until']) : '0'}`, 'list the phases in order, each ending later than the one before');
    });
    if (st.duration) modifiers(st.duration.modifiers, [...base, 'duration', 'modifiers']);
    if (st.next.length > 0 && !st.duration) {
      out.push({ path: [...base, 'next'], at: 'key', message: '`next` is given without `duration`: next branches are taken when the duration ends', expected: 'a duration with next', found: 'next only', hint: 'add duration: "6 months" (or a distribution), or turn these branches into exits with rates' });
    }
    if (st.duration && st.next.length === 0) {
      out.push({ path: [...base, 'duration'], at: 'key', message: '`duration` is given without `next`: there is nowhere to go when it ends', expected: 'next branches after duration', found: 'duration only', hint: 'add next: [{ to: <state>, p: 1 }] (a branch without `to` leaves the caseload)' });
    }
    if (st.next.length > 0) branches(st.next, [...base, 'next'], false);
    if (st.exits.length === 0 && !st.duration && st.next.length === 0) {
      out.push({
        path: base,
        at: 'key',
        message: `state "${st.name}" has no exits and no duration: people who enter it stay forever`,
        expected: 'exits or a duration',
        found: 'neither',
        hint: 'add exits, e.g. exits: [{ reason: died, rate: "0.005 per month" }], or a duration with next',
      });
    }
  }

  /** A service named by a new-dynamics field: it must exist, and (for a waiting list or a load) have capacity. */
  function serviceRef(name: string, path: PathSegment[], finite: boolean): void {
    const sv = (s.services ?? []).find((x) => x.name === name);
    if (!ctx.serviceNames.includes(name)) {
      const names = ctx.serviceNames;
      out.push({ path, message: `unknown service "${name}"; ${names.length ? `expected one of ${listNames(names)}` : 'no services are defined'}`, expected: names.length ? `one of ${listNames(names)}` : 'a service defined under services', found: JSON.stringify(name), hint: didYouMean(name, names) ?? `define a service "${name}" under services` });
    } else if (finite && sv && !Number.isFinite(sv.capacity) && sv.changes.every((c) => !Number.isFinite(c.capacity))) {
      out.push({ path, message: `service "${name}" is unlimited, so it has no waiting list or load to watch`, expected: 'a service with places', found: JSON.stringify(name), hint: 'name a service given as staff, beds or places' });
    }
  }

  /** Front-door stages, contacts, staffing and demand that responds. */
  function dynamicsChecks(): void {
    for (const st of s.states ?? []) {
      const base = ['states', st.name];
      if (st.allocatedEvery !== undefined) {
        need(st.allocatedEvery > 0, [...base, 'allocatedEvery'], 'a time > 0', 'how often allocation meetings are held, e.g. "1 week"');
        if (!st.duration) out.push({ path: [...base, 'allocatedEvery'], at: 'key', message: 'allocatedEvery needs a duration: the meeting ends the stay when its duration is done', expected: 'a duration with next', found: 'no duration', hint: 'add duration: "2 weeks" and next branches, or leave out allocatedEvery' });
      }
      for (const c of st.contacts ?? []) {
        const cp = [...base, 'contacts', c.name];
        pieces(c.rate, [...cp, 'rate']);
        modifiers(c.modifiers, [...cp, 'modifiers']);
        probability(c.onward, [...cp, 'onward'], 'the share of contacts that lead to an onward referral, e.g. 0.25');
        if (c.service !== undefined) serviceRef(c.service, [...cp, 'service'], false);
      }
    }
    for (const sv of s.services ?? []) {
      const base = ['services', sv.name, 'staff'];
      const st = sv.staffing;
      if (st) {
        need(st.postSize > 0, [...base, 'postSize'], 'a number > 0', 'the FTE one post holds, e.g. 1 (or 0.5 for part-time posts)');
        if (st.turnover) nonNegative(st.turnover.rate, [...base, 'turnover', 'rate'], 'a rate', 'how often a filled post is left, e.g. "0.25 per year"');
        if (st.absence) nonNegative(st.absence.rate, [...base, 'absence', 'rate'], 'a rate', 'spells of absence a filled post has, e.g. "2 per year"');
      }
      if (sv.contactLimit !== undefined) nonNegative(sv.contactLimit, ['services', sv.name, 'contactLimit'], 'a rate', 'contacts the service can take, e.g. "41 per week"');
    }
    for (const r of s.referrals ?? []) {
      const w = r.whenWaiting;
      if (!w) continue;
      const base = ['referrals', r.name, 'whenWaiting'];
      serviceRef(w.service, [...base, 'service'], true);
      nonNegative(w.atLeast, [...base, 'atLeast'], 'a number', 'the waiting-list length referrers react to, e.g. 10');
      probability(w.factor, [...base, 'factor'], 'the share of referrals still made while the list is long, e.g. 0.5 (a factor from 0 to 1)');
    }
    const b = s.policy?.books;
    if (b) {
      const base = ['policy', 'books'];
      nonNegative(b.reopenBelow, [...base, 'reopenBelow'], 'a number', 'the caseload below which the books reopen, e.g. 90');
      need(b.closeAbove > b.reopenBelow, [...base, 'closeAbove'], `a number above reopenBelow (${b.reopenBelow})`, 'the books close at a higher caseload than they reopen at, e.g. closeAbove: 100, reopenBelow: 90');
      if (b.service !== undefined) serviceRef(b.service, [...base, 'service'], true);
    }
    const cap = s.screening?.cap;
    if (cap) {
      count(cap.count, ['screening', 'cap', 'count'], 'the most referrals accepted in each window, e.g. 15');
      need(cap.per > 0, ['screening', 'cap', 'per'], 'a time > 0', 'the window the cap counts over, e.g. "6 months"');
    }
  }

  function exitChecks(e: Exit, path: PathSegment[]): void {
    if (e.to !== undefined) stateRef(e.to, [...path, 'to']);
    modifiers(e.modifiers, [...path, 'modifiers']);
    pieces(e.rate, [...path, 'rate']);
    e.changes.forEach((c, i) => pieces(c.rate, [...path, 'changes', i, 'rate']));
    changes(e.changes, [...path, 'changes']);
  }

  function pieces(rate: RatePieces, path: PathSegment[]): void {
    const last = rate.length - 1;
    rate.forEach((piece, j) => {
      const pp = [...path, j];
      nonNegative(piece.rate, [...pp, 'rate'], 'a rate', 'a rate cannot be negative: give the hazard per unit of time, e.g. "0.04 per month", or "0 per year" to switch the exit off');
      if (j < last && !Number.isFinite(piece.until)) {
        out.push({ path: pp, at: 'key', message: 'missing `until`: only the last piece may be open-ended', expected: 'until on every piece but the last', found: 'no until', hint: 'add until: "6 months" (time since entering the state when this piece ends)' });
      } else if (j < last && (piece.until <= 0 || (j > 0 && piece.until <= rate[j - 1].until))) {
        const prev = j > 0 ? found([...pp.slice(0, -1), j - 1, 'until']) : '0';
        need(false, [...pp, 'until'], `a time after ${prev}`, 'the pieces must follow one another: each until later than the one before');
      } else if (j === last && Number.isFinite(piece.until)) {
        out.push({
          path: [...pp, 'until'],
          message: `expected the last piece to be open-ended (no \`until\`), found until: ${found([...pp, 'until'])}`,
          expected: 'no until on the last piece',
          found: found([...pp, 'until']),
          hint: `add a final piece without until for the rate after ${found([...pp, 'until'])}, e.g. { rate: "0.01 per month" }`,
        });
      }
    });
  }

  if (s.policy) changes(s.policy.changes, ['policy', 'changes']);
  dynamicsChecks();
  if (s.states) out.push(...closedGroups(s.states, ctx.stateNames));
  out.push(...checkRanges(s, ctx));
  out.push(...checkTargets(s, horizon));
  return out;
}

/**
 * Groups of states no one can leave: closed strongly connected components of the move graph
 * (edges with a positive rate or probability) where no member has an exit out of the caseload.
 */
function closedGroups(states: readonly State[], declared: readonly string[]): Finding[] {
  const index = new Map(states.map((s, i) => [s.name, i]));
  const leaks = states.map(() => false);
  const edges: number[][] = states.map(() => []);
  states.forEach((s, i) => {
    const moves: { to?: string; live: boolean }[] = [
      ...s.exits.map((e) => ({ to: e.to, live: [e.rate, ...e.changes.map((c) => c.rate)].some((r) => r.some((p) => p.rate > 0)) })),
      ...(s.duration ? s.next.map((b) => ({ to: b.to, live: b.p.value > 0 || b.p.changes.some((c) => c.value > 0) })) : []),
    ];
    for (const m of moves) {
      if (!m.live) continue;
      const j = m.to === undefined ? undefined : index.get(m.to);
      // Moves out of the caseload leak; so do moves to states that failed validation (unknown shape, give the benefit of the doubt).
      if (j === undefined) leaks[i] ||= m.to === undefined || declared.includes(m.to);
      else edges[i].push(j);
    }
  });

  // Tarjan's algorithm, iterative enough for scenario sizes (recursion depth = number of states).
  const order = states.map(() => -1);
  const low = states.map(() => 0);
  const onStack = states.map(() => false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (v: number): void => {
    order[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of edges[v]) {
      if (order[w] < 0) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (onStack[w]) low[v] = Math.min(low[v], order[w]);
    }
    if (low[v] === order[v]) {
      const comp: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        comp.push(w);
      } while (w !== v);
      components.push(comp.sort((a, b) => a - b));
    }
  };
  states.forEach((_, v) => order[v] < 0 && visit(v));

  const out: Finding[] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const closed = comp.every((v) => !leaks[v] && edges[v].every((w) => members.has(w)));
    // A lone state with no way out at all is reported by its own, more specific, check.
    const stuck = comp.length === 1 && edges[comp[0]].length === 0 && states[comp[0]].exits.length === 0 && !states[comp[0]].duration;
    if (!closed || stuck) continue;
    const names = comp.map((v) => states[v].name);
    out.push({
      path: ['states', names[0]],
      at: 'key',
      message:
        names.length === 1
          ? `no one can leave state "${names[0]}": it has no exit that leads out of it (every rate is 0 or leads back to itself)`
          : `no one can ever leave the states ${listNames(names, 'and')}: every exit leads to another of them, so people who reach them stay on the caseload forever`,
      expected: 'an exit that leaves the caseload',
      found: names.length === 1 ? 'none' : `a closed loop of ${names.length} states`,
      hint: `add an exit without \`to\` to ${names.length === 1 ? 'it' : 'at least one of them'}, such as death or moving away: { reason: died, rate: "0.005 per month" }`,
    });
  }
  return out;
}
