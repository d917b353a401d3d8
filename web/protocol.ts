/** Messages between the page and the engine worker. */
import type { Scenario } from '../engine/model/scenario.ts';
import type { Measure } from '../engine/pipeline/compare.ts';
import type { Chunk } from '../engine/pipeline/pack.ts';
import type { Results } from '../engine/results.ts';
import type { FrontDoorStage } from '../present/dynamics.ts';

export interface RunRequest {
  type: 'run';
  /** Identifies this run, so stale replies from an earlier run are ignored. */
  id: number;
  /** The scenario's text and the name it is read as (e.g. "scenarios/liverpool-waves-of-hope.yaml"). */
  text: string;
  file: string;
  /** Other files `extends` may name, keyed the same way ("scenarios/unit-costs.yaml"). */
  files: Record<string, string>;
  seed: string;
  /** In all: over parameter draws they are shared among the draws (web/sizes.ts, as the CLI does). */
  replications: number;
  /** The point estimate alone, as the CLI's --fixed: no parameter draws even when the scenario has an uncertainty section. */
  fixed: boolean;
}

export type WorkerReply =
  /** Parameter draws prepared (each validated as a scenario), then replications run. */
  | { type: 'progress'; id: number; phase: 'draws' | 'replications'; done: number; total: number }
  | { type: 'invalid'; id: number; problems: string }
  /** The scenario loads, but the run would be beyond the viewer's limits: nothing was run. */
  | { type: 'too-big'; id: number; problems: string }
  /** The scenario loads, but the run settings do not fit it (replications that cannot be shared equally among draws): nothing was run. */
  | { type: 'settings'; id: number; problems: string }
  /**
   * `uncertain`: the scenario has an uncertainty section (so a run at the point estimate could have been run over draws).
   * `stages`: its front-door stages (states of tier front-door) and their services, which the results do not name as such.
   */
  | { type: 'results'; id: number; results: Results; ms: number; last: LastValues; uncertain: boolean; stages?: FrontDoorStage[] }
  | { type: 'failed'; id: number; message: string };

/**
 * Per-replication values at the last period, in replication order, for paired
 * (common random numbers) differences. Over parameter draws, in the CLI's
 * pooled order: draw 0's replications, then draw 1's, …; that is replication
 * index order, since draw d runs replications [d·R, (d + 1)·R) of the seed.
 */
export interface LastValues {
  total: number[];
  waiting: number[];
  npv: number[] | null;
  /** Every measure `casecast compare` pairs (engine/pipeline/compare.ts), per replication at the last whole year: caseload, cost, savings, NPV, BCR, payback, cost per outcome, each agency's figures. */
  measures: Measure[];
}

/**
 * Asks the engine worker to get ready for a run with the form's settings
 * (load the text, plan its draws, run a few throwaway replications so the
 * engine is compiled and warm) before Run is pressed. It never changes a
 * result; a run request supersedes it.
 */
export interface WarmRequest extends Omit<RunRequest, 'type' | 'id'> {
  type: 'warm';
}

/** Hands the engine worker its helper workers' ports (web/replicator.ts), which run chunks of its runs. */
export interface HelpersMessage {
  type: 'helpers';
  ports: MessagePort[];
}

export type EngineRequest = RunRequest | WarmRequest | HelpersMessage;

/** A part of a run as a helper gets it: replications [first, first + count) of one scenario (engine/pipeline/plan.ts Part). */
export interface PartSpec {
  scenario: Scenario;
  first: number;
  count: number;
}

/** From the engine worker to a helper: a run's parts and seed, then chunks of them to replicate. */
export type HelperRequest =
  | { type: 'parts'; run: number; seed: string; parts: PartSpec[] }
  | { type: 'task'; run: number; task: number; part: number; first: number; count: number };

export type HelperReply =
  | { type: 'chunk'; run: number; task: number; chunk: Chunk }
  | { type: 'error'; run: number; message: string };
