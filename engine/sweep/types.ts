/**
 * A checked sweep: what load.ts makes of a sweep file and what the variants,
 * the run and the summary read. Apart from the loader so that what it calls
 * can use the shape without importing it back.
 */
import type { Scenario } from '../model/scenario.ts';
import type { Uncertainty } from '../uncertainty/resolve.ts';
import type { Unit } from './paths.ts';
import type { ParamDistribution } from './families.ts';
import type { Design } from './schema.ts';

export interface SweepParameter {
  name: string;
  label: string;
  /** Field paths, split into segments; every one is set to the same value. */
  paths: string[][];
  /** The unit the scenario writes the value in. */
  unit: Unit;
  /** The base scenario's value. */
  base: number;
  low?: number;
  high?: number;
  values?: number[];
  distribution?: ParamDistribution;
}

/** Parameters learnt together: what knowing them all for certain would be worth to the decision. */
export interface SweepGroup {
  name: string;
  parameters: string[];
}

/** A scenario the sweep runs every parameter setting on: the base, or an alternative of the funding decision. */
export interface SweepOption {
  name: string;
  /** As resolved against the sweep file's folder, and as the sweep file writes it. */
  file: string;
  ref: string;
  scenario: Scenario;
  /** The scenario's data through its extends chain, before validation: what overlays are laid on. */
  raw: unknown;
}

export interface Sweep {
  name: string;
  description: string;
  file: string;
  design: Design;
  size: number | null;
  replications: number;
  seed: string;
  sampling: 'random' | 'lhs';
  caseloadYears: number[];
  parameters: SweepParameter[];
  /** Target rank correlations between parameters (k × k), or null for none. */
  correlations: number[][] | null;
  /** A psa drawing from the base scenario's uncertainty section: draws are made as casecast run makes them, posterior rows whole. */
  uncertainty: Uncertainty | null;
  /** The base scenario first, then the decision's alternatives. */
  options: SweepOption[];
  /** Named groups of parameters whose joint EVPPI a PSA reports (names as in `parameters`). */
  groups: SweepGroup[];
  /** The decision counts not funding (NPV 0) as an option. */
  doNothing: boolean;
  horizonYears: number;
  /** Agencies with ledger lines in any option: the per-agency columns. */
  agencies: string[];
  /** sha256 of the sweep's settings, every option's resolved scenario and every variant's settings: what resume and merge check. */
  sha256: string;
}
