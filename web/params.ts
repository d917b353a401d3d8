/**
 * The parameter panel's model: which key parameters it offers, their current
 * values read from the scenario's data, and overrides applied the way the
 * CLI's `--set path=value` applies them (engine/model/overrides.ts): into an overlay
 * file that `extends` the scenario, so the loader validates the result like
 * any file and a bad value gets its usual message, naming the overlay's line
 * and the field. Pure: no DOM.
 */
import type { ReadFile } from '../engine/model/load.ts';
import { overlayFile } from '../engine/model/overlay.ts';
import { applyOverrides, OverrideError, overridePath, overridesOverlay, overrideText, type Override } from '../engine/model/overrides.ts';
import { isMap, mergeRaw, rawChain } from '../engine/model/raw.ts';
import { parseDuration, parseRate } from '../engine/model/units.ts';
import { fixedByOverrides } from '../engine/uncertainty/fix.ts';

export { rawChain };

/** A panel input: its label, the path it overrides, and how to show and write its value. */
export interface Param {
  path: string;
  label: string;
  kind: 'number' | 'choice';
  choices?: string[];
  /** The value the input shows, read from the scenario. */
  current: string;
  step?: string;
  min?: string;
  /** Input text → the value written into the overlay (as YAML text, like --set). */
  write: (input: string) => string;
}

type Plain = Record<string, unknown>;

/** "30 per month" → 360 a year, as the loader reads it; undefined when the text is not a rate. */
export function ratePerYear(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const r = parseRate(v);
  return r.ok ? r.value : undefined;
}

/** "10 years" → 10, "120 months" → 10, as the loader reads it. */
export function years(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const r = parseDuration(v);
  return r.ok ? r.value : undefined;
}

const tidy = (x: number): string => String(Number(x.toFixed(4)));

export function paramsFor(raw: unknown): Param[] {
  if (!isMap(raw)) return [];
  const out: Param[] = [];
  const referrals = isMap(raw.referrals) ? raw.referrals : {};
  const first = Object.keys(referrals)[0];
  if (first && isMap(referrals[first])) {
    const stream = referrals[first] as Plain;
    const changes = Array.isArray(stream.changes) ? stream.changes : [];
    const last = changes.length - 1;
    const settled = last >= 0 && isMap(changes[last]) && changes[last].rate !== undefined;
    const rate = ratePerYear(settled ? (changes[last] as Plain).rate : stream.rate);
    if (rate !== undefined) {
      out.push({
        path: settled ? `referrals.${first}.changes[${last}].rate` : `referrals.${first}.rate`,
        label: `Referrals per year (${first}${settled ? ', settled rate' : ''})`,
        kind: 'number',
        current: tidy(rate),
        min: '0',
        step: '1',
        write: (v) => `${v.trim()} per year`,
      });
    }
  }
  const services = isMap(raw.services) ? raw.services : {};
  for (const [name, s] of Object.entries(services)) {
    if (!isMap(s) || !isMap(s.staff)) continue;
    const staff = s.staff;
    if (typeof staff.fte === 'number') out.push({ path: `services.${name}.staff.fte`, label: `${name.toUpperCase()} staff FTE`, kind: 'number', current: tidy(staff.fte), min: '0', step: '0.5', write: (v) => v.trim() });
    if (typeof staff.caseloadPerWorker === 'number') {
      out.push({ path: `services.${name}.staff.caseloadPerWorker`, label: `${name.toUpperCase()} caseload per worker`, kind: 'number', current: tidy(staff.caseloadPerWorker), min: '0', step: '0.5', write: (v) => v.trim() });
    }
  }
  out.push(...transitionParams(raw));
  const policy = isMap(raw.policy) ? raw.policy : {};
  out.push({ path: 'policy.closure', label: 'Closure policy', kind: 'choice', choices: ['none', 'discharge'], current: typeof policy.closure === 'string' ? policy.closure : 'none', write: (v) => v });
  if (isMap(raw.economics)) {
    const appraisal = isMap(raw.economics.appraisal) ? raw.economics.appraisal : {};
    const d = appraisal.discountRate;
    const rate = typeof d === 'number' ? d : Array.isArray(d) && isMap(d[0]) && typeof d[0].rate === 'number' ? d[0].rate : 0.035;
    out.push({ path: 'economics.appraisal.discountRate', label: 'Discount rate (% a year)', kind: 'number', current: tidy(rate * 100), min: '0', step: '0.1', write: (v) => (v.trim() === '' || Number.isNaN(Number(v)) ? v : tidy(Number(v) / 100)) });
  }
  const h = years(raw.horizon);
  if (h !== undefined) out.push({ path: 'horizon', label: 'Horizon (years)', kind: 'number', current: tidy(h), min: '1', step: '1', write: (v) => `${v.trim()} years` });
  return out;
}

/**
 * Step-down and re-escalation, by the exits' names: the exit named move-on
 * (or whose reason says move-on) of the main intensive state (the first
 * intensive state with one and no fixed duration, else the first with one),
 * and the drop-in state's first exit back to an intensive state. The data come
 * from rawChain, with like: already resolved. Shown per year; the path is
 * the one --set and sweeps use: states.iss.exits.move-on.rate (or rate[1].rate for pieces).
 */
export function transitionParams(raw: Plain): Param[] {
  const out: Param[] = [];
  const states = isMap(raw.states) ? raw.states : {};
  const entries = Object.entries(states).filter((e): e is [string, Plain] => isMap(e[1]));
  const exitsOf = (s: Plain): [string, Plain][] => (isMap(s.exits) ? Object.entries(s.exits).filter((e): e is [string, Plain] => isMap(e[1])) : []);
  const intensive = new Set(entries.filter(([, s]) => s.tier === 'intensive').map(([n]) => n));
  const isMoveOn = ([name, x]: [string, Plain]): boolean => /move-on/i.test(typeof x.reason === 'string' ? x.reason : name);
  const candidates = entries.filter(([n, s]) => intensive.has(n) && exitsOf(s).some(isMoveOn));
  const main = candidates.find(([, s]) => s.duration === undefined) ?? candidates[0];
  // A piecewise rate is offered by its last, open-ended piece: the rate that holds in the long run.
  const rateParam = (state: string, exit: [string, Plain], label: string): void => {
    const pieces = exit[1].rate;
    const list: unknown[] = Array.isArray(pieces) ? pieces : [];
    const last = list.length - 1;
    const value = last >= 0 ? (isMap(list[last]) ? list[last].rate : undefined) : pieces;
    const r = ratePerYear(value);
    if (r === undefined) return;
    const path = `states.${state}.exits.${exit[0]}.rate${last >= 0 ? `[${last}].rate` : ''}`;
    out.push({ path, label: last >= 0 ? `${label} (after the first piece)` : label, kind: 'number', current: tidy(r), min: '0', step: '0.01', write: (v) => `${v.trim()} per year` });
  };
  if (main) rateParam(main[0], exitsOf(main[1]).find(isMoveOn)!, `Step-down (move-on) rate from ${main[0]}, per year`);
  const dropIn = entries.find(([, s]) => s.tier === 'drop-in');
  const back = dropIn && exitsOf(dropIn[1]).find(([, x]) => typeof x.to === 'string' && intensive.has(x.to));
  if (dropIn && back) rateParam(dropIn[0], back, `Re-escalation rate from ${dropIn[0]}, per year`);
  return out;
}

/**
 * The text and name to load for a scenario with overrides: without any, the
 * file itself (so the numbers are exactly the CLI's); with some, an overlay
 * that extends it, and the files map holding the scenario's own text.
 */
export function withOverrides(
  text: string,
  file: string,
  files: Record<string, string>,
  read: ReadFile,
  overrides: readonly Override[],
): { text: string; file: string; files: Record<string, string> } {
  if (overrides.length === 0) return { text, file, files };
  // A value set is a decision, as --set's: the uncertain figures it sets are not drawn.
  const { overlay } = panelError(() => overridesOverlay(rawChain(text, file, read), overrides));
  return { ...overlayFile(file, overlay, '(parameter panel)'), files: { ...files, [file]: text } };
}

/** Runs f, heading an override that cannot be set by the path=value that gave it. */
function panelError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof OverrideError) throw new Error(`${overrideText(err.override)}: ${err.message}`);
    throw err;
  }
}

/** The uncertain figures the panel's overrides fix (so over parameter draws they are not drawn), by name. */
export function fixedByPanel(raw: unknown, overrides: readonly Override[]): string[] {
  try {
    return fixedByOverrides(raw, overrides.map(overridePath))?.dropped ?? [];
  } catch {
    return [];
  }
}

/** The scenario's data with overrides applied (for showing the panel's current values); the raw data if one cannot be applied. */
export function overriddenData(raw: unknown, overrides: readonly Override[]): unknown {
  let overlay: Record<string, unknown>;
  try {
    overlay = applyOverrides(raw, overrides);
  } catch {
    return raw;
  }
  return mergeRaw(raw, overlay);
}
