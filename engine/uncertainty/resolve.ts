/**
 * The `uncertainty` section checked against the scenario's own data and made
 * ready to draw from: every path leads to a number (the unit and base value
 * come from there, as for a sweep's parameters), every distribution is valid,
 * correlations form a correlation matrix, and a posterior sample is read and
 * checked row by row. Problems are findings at the section's paths (or at the
 * sample file's line), so they read like any other scenario problem.
 */
import { csvCells } from '../csv.ts';
import { closest, listNames, type Finding, type PathSegment } from '../model/problems.ts';
import { correlationMatrix, parameterPaths, type Unit } from '../sweep/paths.ts';
import { distributionProblem, type ParamDistribution } from '../sweep/families.ts';
import type { UncertaintyFile } from './schema.ts';

export interface UncertainParameter {
  name: string;
  label: string;
  /** Field paths, split into segments; a draw sets every one to the same value. */
  paths: string[][];
  unit: Unit;
  /** The scenario's own value: the point estimate. */
  base: number;
  /** Absent for a column of the posterior sample. */
  distribution?: ParamDistribution;
  source?: string;
  assumption?: string;
}

export interface Posterior {
  /** The sample file, as the loader resolved it. */
  file: string;
  parameters: UncertainParameter[];
  /** rows[i][j]: particle i's value of parameters[j], in the scenario's unit. */
  rows: number[][];
  /** Particle weights, summing to 1. */
  weights: number[];
  source?: string;
  assumption?: string;
}

/** A scenario's parameter uncertainty, ready to draw from. */
export interface Uncertainty {
  parameters: UncertainParameter[];
  /** Rank correlations between `parameters` (k × k), or null for none. */
  correlations: number[][] | null;
  posterior: Posterior | null;
}

/** Where the section was written and how to read the files it names. */
export interface SectionContext {
  /** The scenario's data through extends and like:, as overlays see it. */
  plain: unknown;
  /** The file the posterior's `sample:` is written in: its path is relative to that file. */
  sampleFrom: string;
  /** The sample's text, when `rel` (written in `from`) is a file the loader may read; else why not. */
  readBeside(rel: string, from: string): { ok: true; file: string; text: string | undefined } | { ok: false; message: string; expected: string; hint?: string };
}

const MAX_ROWS = 100_000;

/** The section resolved, with findings for whatever cannot be used (then the result is null). */
export function resolveUncertainty(f: UncertaintyFile, ctx: SectionContext, out: Finding[]): Uncertainty | null {
  const before = out.length;
  const data = [{ raw: ctx.plain, file: 'the scenario' }];
  const parameters: UncertainParameter[] = [];
  for (const [name, p] of Object.entries(f.parameters)) {
    const at = (...rest: PathSegment[]): PathSegment[] => ['uncertainty', 'parameters', name, ...rest];
    const found = within(['uncertainty'], out, (o) => parameterPaths(name, p, data, o, { does: 'describes', to: 'describe' }));
    const problem = distributionProblem(p.distribution);
    if (problem) out.push({ path: at('distribution'), message: problem });
    provenance(p, at(), `parameter "${name}"`, out);
    if (found && !problem) parameters.push({ name, label: p.label ?? name, ...found, distribution: p.distribution, ...given(p) });
  }
  const correlations = checkCorrelations(f, Object.keys(f.parameters), out);
  const posterior = f.posterior ? readPosterior(f.posterior, ctx, data, Object.keys(f.parameters), out) : null;
  if (Object.keys(f.parameters).length === 0 && !f.posterior) {
    out.push({ path: ['uncertainty'], at: 'key', message: 'the uncertainty section names no parameters and no posterior sample', hint: 'add parameters: { name: { path: ..., distribution: ..., source: ... } }, or remove the section' });
  }
  return out.length > before ? null : { parameters, correlations, posterior };
}

/** Runs a check written for a file whose parameters sit at the top (`parameters.x`), with its findings moved under `prefix`. */
function within<T>(prefix: PathSegment[], out: Finding[], check: (o: Finding[]) => T): T {
  const mine: Finding[] = [];
  const r = check(mine);
  for (const m of mine) out.push({ ...m, path: [...prefix, ...m.path] });
  return r;
}

const given = (p: { source?: string; assumption?: string }): { source?: string; assumption?: string } => ({
  ...(p.source !== undefined && { source: p.source }),
  ...(p.assumption !== undefined && { assumption: p.assumption }),
});

function provenance(p: { source?: string; assumption?: string }, path: PathSegment[], what: string, out: Finding[]): void {
  if (p.source === undefined && p.assumption === undefined) {
    out.push({ path, at: 'key', message: `${what} gives no source: or assumption:`, hint: 'say where the spread comes from (source: "report, table or line") or why it was chosen (assumption: "...")' });
  }
}

function checkCorrelations(f: UncertaintyFile, names: string[], out: Finding[]): number[][] | null {
  return f.correlations.length === 0 ? null : correlationMatrix(f.correlations, names, ['uncertainty', 'correlations'], "one of the uncertainty's parameters", out);
}

function readPosterior(p: NonNullable<UncertaintyFile['posterior']>, ctx: SectionContext, data: { raw: unknown; file: string }[], taken: string[], out: Finding[]): Posterior | null {
  const before = out.length;
  const at = (...rest: PathSegment[]): PathSegment[] => ['uncertainty', 'posterior', ...rest];
  provenance(p, at(), 'the posterior sample', out);
  const parameters: UncertainParameter[] = [];
  for (const [name, entry] of Object.entries(p.parameters)) {
    const { path, label } = typeof entry === 'string' ? { path: entry, label: undefined } : entry;
    if (taken.includes(name)) {
      out.push({ path: at('parameters', name), at: 'key', message: `"${name}" is both a parameter with a distribution and a column of the posterior sample`, hint: 'give each figure one source of uncertainty: remove one of them' });
      continue;
    }
    // parameterPaths reports at parameters.<name>.path; here the path is the entry itself.
    const mine: Finding[] = [];
    const found = parameterPaths(name, { path }, data, mine, { does: 'sets', to: 'set' });
    for (const m of mine) out.push({ ...m, path: at('parameters', name) });
    if (found) parameters.push({ name, label: label ?? name, ...found, ...given(p) });
  }
  if (Object.keys(p.parameters).length === 0) out.push({ path: at('parameters'), message: 'no columns of the sample are named', hint: 'map each column to the field it sets, e.g. parameters: { fte: services.iss.staff.fte }' });
  const got = ctx.readBeside(p.sample, ctx.sampleFrom);
  if (!got.ok) {
    out.push({ path: at('sample'), message: got.message, expected: got.expected, hint: got.hint ?? 'name the sample relative to the file it is written in' });
    return null;
  }
  if (got.text === undefined) {
    out.push({ path: at('sample'), message: `cannot read ${JSON.stringify(p.sample)} (looked for ${got.file})`, hint: 'write it with casecast calibrate <file> --out <folder> and name its posterior.csv, relative to this file' });
    return null;
  }
  if (out.length > before) return null;
  const sample = parseSample(got.text, got.file, parameters.map((q) => q.name), out);
  return sample && { file: got.file, parameters, ...sample, ...given(p) };
}

/** posterior.csv's named columns and weights, with a finding at the file's line for a cell that is not a number. */
export function parseSample(text: string, file: string, names: string[], out: Finding[]): { rows: number[][]; weights: number[] } | null {
  const lines = text.split(/\r?\n/);
  const head = csvCells(lines[0] ?? '');
  const where = (line: number, column = 1): Finding['pos'] => ({ file, line, column });
  const columns = names.map((n) => head.indexOf(n));
  const before = out.length;
  names.forEach((n, j) => {
    if (columns[j] < 0) out.push({ path: ['uncertainty', 'posterior', 'parameters', n], pos: where(1), message: `the sample has no column "${n}"`, hint: closest(n, head) ? `did you mean "${closest(n, head)}"?` : `its columns are ${listNames(head.slice(0, 12))}` });
  });
  if (out.length > before) return null;
  const w = head.indexOf('weight');
  const rows: number[][] = [];
  const weights: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    if (rows.length >= MAX_ROWS) {
      out.push({ path: ['uncertainty', 'posterior', 'sample'], pos: where(i + 1), message: `the sample has more than ${MAX_ROWS} rows`, hint: 'thin the sample; a few thousand particles describe a posterior' });
      return null;
    }
    const cells = csvCells(lines[i]);
    const row: number[] = [];
    for (const [j, c] of [...columns, ...(w >= 0 ? [w] : [])].entries()) {
      const x = Number(cells[c]);
      if (cells[c] === undefined || cells[c] === '' || !Number.isFinite(x) || (j === columns.length && x < 0)) {
        out.push({ path: ['uncertainty', 'posterior', 'sample'], pos: where(i + 1), message: `row ${i} has ${showCell(cells[c])} in column "${head[c]}", not ${j === columns.length ? 'a weight of at least 0' : 'a number'}`, hint: 'use the posterior.csv casecast calibrate wrote, unedited' });
        return null;
      }
      row.push(x);
    }
    weights.push(w >= 0 ? row.pop()! : 1);
    rows.push(row);
  }
  const total = weights.reduce((s, x) => s + x, 0);
  if (rows.length === 0 || !(total > 0)) {
    out.push({ path: ['uncertainty', 'posterior', 'sample'], pos: where(1), message: rows.length === 0 ? 'the sample has no rows' : 'the sample\'s weights are all 0', hint: 'use the posterior.csv casecast calibrate wrote' });
    return null;
  }
  return { rows, weights: weights.map((x) => x / total) };
}

const showCell = (c: string | undefined): string => (c === undefined || c === '' ? 'nothing' : JSON.stringify(c.length > 20 ? `${c.slice(0, 20)}…` : c));
