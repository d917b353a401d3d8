/**
 * The EVPPI bars from a PSA's summary.json (`casecast sweep` writes it): each
 * parameter, then each named group, in rank order, and the total EVPI. The
 * file comes from a user, so every field read is checked and a problem is
 * said with the field and a fix; nothing else in the file is used. Pure: no DOM.
 */
import type { EvppiRow } from '../engine/sweep/analysis.ts';

/** Largest summary.json the viewer opens, in bytes (a PSA's is tens of kilobytes), and the most bars it draws. */
export const SUMMARY_MAX_BYTES = 4 * 1024 * 1024;
export const EVPPI_MAX_BARS = 500;

export interface EvppiBar {
  kind: 'parameter' | 'group';
  name: string;
  label: string;
  evppi: number;
  se: number;
  share: number;
  rank: number;
}

export interface EvppiChartData {
  sweep: string;
  draws: number;
  evpi: number;
  reference: string;
  bars: EvppiBar[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the EVPPI of a PSA's summary.json; throws an Error whose message names the file, the field and a fix. */
export function readEvppiSummary(text: string, name = 'summary.json'): EvppiChartData {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${name}: not JSON (${err instanceof Error ? err.message : String(err)}); load the summary.json a PSA sweep writes`);
  }
  if (!isObject(data) || !('psa' in data)) throw new Error(`${name}: not a sweep's summary.json (it has no "psa" field); load the summary.json from the --out folder of casecast sweep`);
  const psa = data.psa;
  if (!isObject(psa)) throw new Error(`${name}: this sweep is not a PSA with economics (its design is ${typeof data.design === 'string' ? data.design : 'not given'}), so it has no value of information; run a sweep with design: psa`);
  const evpi = isObject(psa.decision) ? psa.decision.evpi : undefined;
  if (typeof evpi !== 'number' || !Number.isFinite(evpi) || evpi < 0) throw new Error(`${name}: psa.decision.evpi must be a number of £ at least 0; found ${JSON.stringify(evpi) ?? 'nothing'}`);
  const e = psa.evppi;
  if (!isObject(e)) {
    throw new Error(`${name}: psa.evppi is missing: the summary was written before casecast reported EVPPI, or the PSA has fewer than 10 draws; rewrite it with casecast sweep <sweep file> --out <folder> --summary`);
  }
  const rows = (key: 'parameters' | 'groups', kind: EvppiBar['kind']): EvppiBar[] => {
    const list = e[key] ?? [];
    if (!Array.isArray(list)) throw new Error(`${name}: psa.evppi.${key} must be a list`);
    return list.map((r: unknown, i): EvppiBar => {
      const at = `psa.evppi.${key}[${i}]`;
      if (!isObject(r)) throw new Error(`${name}: ${at} must be an object with label, evppi, se, share and rank`);
      const row = r as Partial<Record<keyof EvppiRow, unknown>>;
      const number = (field: 'evppi' | 'se' | 'share' | 'rank'): number => {
        const v = row[field];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${name}: ${at}.${field} must be a number; found ${JSON.stringify(v) ?? 'nothing'}`);
        return v;
      };
      const text = (field: 'name' | 'label'): string => {
        const v = row[field];
        if (typeof v !== 'string' || v === '') throw new Error(`${name}: ${at}.${field} must be a non-empty string`);
        return v;
      };
      return { kind, name: text('name'), label: text('label'), evppi: number('evppi'), se: number('se'), share: number('share'), rank: number('rank') };
    });
  };
  const bars = [...rows('parameters', 'parameter'), ...rows('groups', 'group')];
  if (bars.length > EVPPI_MAX_BARS) throw new Error(`${name}: ${bars.length} parameters and groups; the viewer draws at most ${EVPPI_MAX_BARS}`);
  const byRank = (a: EvppiBar, b: EvppiBar): number => (a.kind === b.kind ? a.rank - b.rank : a.kind === 'parameter' ? -1 : 1);
  return {
    sweep: typeof data.sweep === 'string' ? data.sweep : name,
    draws: typeof psa.draws === 'number' ? psa.draws : 0,
    evpi,
    reference: typeof e.reference === 'string' ? e.reference : '',
    bars: bars.sort(byRank),
  };
}
