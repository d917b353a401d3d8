/**
 * What a sweep's outputs need to know about it, as plain data: written into
 * manifest.json, so `casecast merge` and `--summary` can analyse finished
 * results from the folders alone.
 */
import { scenarioHash } from '../run.ts';
import { canonicalJson } from '../model/load.ts';
import { joinPath } from '../model/overlay.ts';
import { unitText } from './quantity.ts';
import type { Sweep } from './types.ts';
import type { ParamDistribution } from './families.ts';

export interface SweepInfo {
  sweep: string;
  sha256: string;
  design: Sweep['design'];
  size: number | null;
  replications: number;
  seed: string;
  caseloadYears: number[];
  horizonYears: number;
  doNothing: boolean;
  agencies: string[];
  economics: boolean;
  parameters: {
    name: string;
    label: string;
    paths: string[];
    unit: string;
    base: number;
    low?: number;
    high?: number;
    values?: number[];
    distribution?: ParamDistribution;
  }[];
  /** Named groups of parameters for the EVPPI (absent when the sweep names none). */
  groups?: { name: string; parameters: string[] }[];
  /** The scenarios run: the base first, then the decision's alternatives, each as the sweep file names it, with its resolved scenario's hash. */
  options: { name: string; label: string; file: string; sha256: string }[];
}

export function sweepInfo(s: Sweep): SweepInfo {
  return {
    sweep: s.name,
    sha256: s.sha256,
    design: s.design,
    size: s.size,
    replications: s.replications,
    seed: s.seed,
    caseloadYears: s.caseloadYears,
    horizonYears: s.horizonYears,
    doNothing: s.doNothing,
    agencies: s.agencies,
    economics: s.options.some((o) => o.scenario.economics !== undefined),
    parameters: s.parameters.map((p) => ({
      name: p.name,
      label: p.label,
      paths: p.paths.map(joinPath),
      unit: unitText(p.unit),
      base: p.base,
      ...(p.low !== undefined && { low: p.low }),
      ...(p.high !== undefined && { high: p.high }),
      ...(p.values !== undefined && { values: p.values }),
      ...(p.distribution !== undefined && { distribution: p.distribution }),
    })),
    ...(s.groups.length > 0 && { groups: s.groups }),
    options: s.options.map((o) => ({ name: o.name, label: o.scenario.name, file: o.ref, sha256: scenarioHash(canonicalJson(o.scenario)) })),
  };
}
