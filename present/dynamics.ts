/**
 * The programme's dynamics and front doors as people read them, the same in
 * the terminal and the viewer: staff in post, contacts, demand turned away
 * and the front-door stages, as tables by year (shapes of text cells, laid
 * out by cli/report.ts and web/main.ts) and as named series for charts.
 * Pure: no fs, no DOM.
 */
import type { Band } from '../engine/band.ts';
import type { Results } from '../engine/results.ts';
import { num, pct, withInterval } from './format.ts';

/** A table by year: its title, header row and rows of text cells (the first column is the year), and a note to print below it. */
export interface YearTable {
  key: 'staff' | 'contacts' | 'demand' | 'frontDoor';
  title: string;
  head: string[];
  rows: string[][];
  note?: string;
}

/** A front-door stage: a state of tier `front-door`, and the service whose list people wait in to enter it. */
export interface FrontDoorStage {
  stage: string;
  service?: string;
}

/** The front-door stages of a scenario's states (engine/model/scenario.ts State), in the file's order. */
export function frontDoorStages(states: ReadonlyArray<{ name: string; tier: string; service?: string }>): FrontDoorStage[] {
  return states.filter((s) => s.tier === 'front-door').map((s) => (s.service === undefined ? { stage: s.name } : { stage: s.name, service: s.service }));
}

/** Index of the last period of each whole year. */
export function yearEnds(results: Results): number[] {
  const t = results.series.t;
  const ends: number[] = [];
  for (let y = 1; y <= Math.round(t[t.length - 1]); y++) {
    const k = t.findIndex((x) => Math.abs(x - y) < 1e-9);
    if (k >= 0) ends.push(k);
  }
  return ends;
}

const cell = (b: Band, k: number, decimals?: number): string => withInterval({ mean: b.mean[k], lo: b.lo[k], hi: b.hi[k] }, decimals);
const sum = (b: Band, from: number, to: number): number => b.mean.slice(from, to).reduce((a, x) => a + x, 0);
/** The periods of year i: [from, to). */
const yearSpan = (ends: readonly number[], i: number): [number, number] => [i === 0 ? 0 : ends[i - 1] + 1, ends[i] + 1];

/** Names under a prefix with one of the suffixes, in order of first appearance: `staff.team.employed` → "team". */
function namesOf(d: Record<string, Band>, prefix: string, suffixes: readonly string[]): string[] {
  const names: string[] = [];
  for (const key of Object.keys(d)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const suffix = suffixes.find((s) => rest.endsWith(`.${s}`));
    if (!suffix) continue;
    const name = rest.slice(0, -suffix.length - 1);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

const staffParts = ['employed', 'vacant', 'absent'] as const;
const contactParts = ['made', 'unmet', 'onward'] as const;

/** The staffed services with staff dynamics (turnover, absence, dated posts or a budget). */
export const staffServices = (r: Results): string[] => namesOf(r.dynamics ?? {}, 'staff.', staffParts);
/** The kinds of contact counted. */
export const contactKinds = (r: Results): string[] => namesOf(r.dynamics ?? {}, 'contacts.', contactParts);

/** The columns of a family of series (`staff.<name>.<part>`), name by name, part by part, those the results have. */
function columns(d: Record<string, Band>, prefix: string, names: readonly string[], parts: readonly string[]): { head: string; band: Band }[] {
  return names.flatMap((n) => parts.filter((p) => d[`${prefix}${n}.${p}`]).map((p) => ({ head: `${n} ${p}`, band: d[`${prefix}${n}.${p}`] })));
}

/** A dynamics series in words, for a column of its own: "staff.iss.vacant" → "iss: FTE vacant". */
export function dynamicsLabel(name: string): string {
  const [kind, what, field] = name.split('.');
  if (kind === 'staff') return `${what}: FTE ${field === 'employed' ? 'in post' : field}`;
  if (kind === 'contacts') return `${what}: contacts ${field === 'onward' ? 'leading on' : field}`;
  return what === 'turnedAway' ? 'Referrals turned away' : 'Books closed (share of the period)';
}

/** Staff in post: FTE employed, vacant and absent per service, the mean over each year's last period. */
export function staffTable(r: Results, ends = yearEnds(r)): YearTable | undefined {
  const d = r.dynamics;
  const services = staffServices(r);
  if (!d || services.length === 0) return undefined;
  const cols = columns(d, 'staff.', services, staffParts);
  return {
    key: 'staff',
    title: "Staff in post: mean FTE over each year's last period",
    head: ['Year', ...cols.map((c) => c.head)],
    rows: ends.map((k, i) => [String(i + 1), ...cols.map((c) => cell(c.band, k))]),
    note: 'Employed: in post, at work or absent (what the payroll pays); vacant: posts of the establishment not filled; absent: employed but away, without cover.',
  };
}

/** Contacts by kind: made, unmet (over the service's contact limit) and leading to an onward referral, mean counts over each year. */
export function contactsTable(r: Results, ends = yearEnds(r)): YearTable | undefined {
  const d = r.dynamics;
  const kinds = contactKinds(r);
  if (!d || kinds.length === 0) return undefined;
  const cols = columns(d, 'contacts.', kinds, contactParts);
  return {
    key: 'contacts',
    title: 'Contacts by year (mean counts)',
    note: "Unmet: over the service's contact limit, so not made; onward: contacts that led to an onward referral.",
    head: ['Year', ...cols.map((c) => c.head)],
    rows: ends.map((_, i) => {
      const [from, to] = yearSpan(ends, i);
      return [String(i + 1), ...cols.map((c) => num(sum(c.band, from, to)))];
    }),
  };
}

/** Demand turned away: referrals turned away in each year (mean count), and the share of the year the books were closed. */
export function demandTable(r: Results, ends = yearEnds(r)): YearTable | undefined {
  const away = r.dynamics?.['demand.turnedAway'];
  const closed = r.dynamics?.['demand.booksClosed'];
  if (!away && !closed) return undefined;
  return {
    key: 'demand',
    title: 'Demand turned away by year',
    head: ['Year', ...(away ? ['Referrals turned away'] : []), ...(closed ? ['Books closed (share of year)'] : [])],
    rows: ends.map((_, i) => {
      const [from, to] = yearSpan(ends, i);
      return [String(i + 1), ...(away ? [num(sum(away, from, to))] : []), ...(closed ? [pct(sum(closed, from, to) / Math.max(1, to - from))] : [])];
    }),
  };
}

/** The waiting list of a stage: its service's list (people who finished the stage before, or were accepted, and wait for a place in it). */
function stageWaiting(r: Results, s: FrontDoorStage): Band | undefined {
  return s.service !== undefined ? r.capacity.services[s.service]?.waiting : undefined;
}

/** The stages the results have a series for. */
const shown = (r: Results, stages: readonly FrontDoorStage[]): FrontDoorStage[] => stages.filter((s) => Array.isArray((r.series[s.stage] as Band | undefined)?.mean));

/** Front door: the people in each stage at each year end, and those waiting to enter it. */
export function frontDoorTable(r: Results, stages: readonly FrontDoorStage[], ends = yearEnds(r)): YearTable | undefined {
  const here = shown(r, stages);
  if (here.length === 0) return undefined;
  const cols = here.flatMap((s) => {
    const w = stageWaiting(r, s);
    return [{ head: `${s.stage} in stage`, band: r.series[s.stage] as Band }, ...(w ? [{ head: `${s.stage} waiting`, band: w }] : [])];
  });
  const lists = here.filter((s) => s.service !== undefined && r.capacity.services[s.service]);
  return {
    key: 'frontDoor',
    title: 'Front door: people in each stage and waiting to enter it, at each year end',
    head: ['Year', ...cols.map((c) => c.head)],
    rows: ends.map((k, i) => [String(i + 1), ...cols.map((c) => cell(c.band, k))]),
    note: `In stage: referred and accepted, not yet started (not in the open caseload).${lists.length ? ` Waiting: the list of the stage's service (${lists.map((s) => `${s.stage}: ${s.service}`).join(', ')}).` : ''}`,
  };
}

/** Every dynamics table the results have, in the order the report prints them; none for results without dynamics or stages. */
export function dynamicsTables(r: Results, stages: readonly FrontDoorStage[] = []): YearTable[] {
  const ends = yearEnds(r);
  return [frontDoorTable(r, stages, ends), staffTable(r, ends), contactsTable(r, ends), demandTable(r, ends)].filter((t): t is YearTable => t !== undefined);
}

/** A named series for a chart: its label and band by period. */
export interface NamedSeries {
  name: string;
  band: Band;
}

/** Each staffed service's FTE employed, vacant and absent, with the establishment (employed + vacant) and the FTE at work (employed − absent), by period. */
export function staffSeries(r: Results): Array<{ service: string; employed: Band; establishment: number[]; atWork: number[]; vacant?: Band; absent?: Band }> {
  const d = r.dynamics ?? {};
  return staffServices(r)
    .filter((s) => d[`staff.${s}.employed`])
    .map((s) => {
      const employed = d[`staff.${s}.employed`];
      const vacant = d[`staff.${s}.vacant`];
      const absent = d[`staff.${s}.absent`];
      return {
        service: s,
        employed,
        establishment: employed.mean.map((e, k) => e + (vacant?.mean[k] ?? 0)),
        atWork: employed.mean.map((e, k) => Math.max(0, e - (absent?.mean[k] ?? 0))),
        ...(vacant ? { vacant } : {}),
        ...(absent ? { absent } : {}),
      };
    });
}

/** Counts per period: each contact kind made and unmet, and referrals turned away. */
export function countSeries(r: Results): NamedSeries[] {
  const d = r.dynamics ?? {};
  const out: NamedSeries[] = [];
  for (const c of contactKinds(r)) {
    for (const p of ['made', 'unmet'] as const) if (d[`contacts.${c}.${p}`]) out.push({ name: `${c} ${p}`, band: d[`contacts.${c}.${p}`] });
  }
  if (d['demand.turnedAway']) out.push({ name: 'referrals turned away', band: d['demand.turnedAway'] });
  return out;
}

/** The periods the books were closed for some of: [start, end) in years and the mean share of the period closed. */
export function booksClosedSpans(r: Results): Array<{ from: number; to: number; share: number }> {
  const b = r.dynamics?.['demand.booksClosed'];
  if (!b) return [];
  const t = r.series.t;
  return t.flatMap((end, k) => (b.mean[k] > 0 ? [{ from: k === 0 ? 0 : t[k - 1], to: end, share: Math.min(1, b.mean[k]) }] : []));
}

/** Each stage's people and waiting list by period, for the viewer's front-door chart. */
export function stageSeries(r: Results, stages: readonly FrontDoorStage[]): Array<{ stage: string; service?: string; people: Band; waiting?: Band }> {
  return shown(r, stages).map((s) => {
    const w = stageWaiting(r, s);
    return { stage: s.stage, ...(s.service !== undefined ? { service: s.service } : {}), people: r.series[s.stage] as Band, ...(w ? { waiting: w } : {}) };
  });
}
