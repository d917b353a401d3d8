/**
 * A sweep's tornado.csv, read by column name:
 *   parameter,low,high,base,metric[,swing,rank,path,lowInput,highInput]
 * one row per parameter and metric. The first five columns are required (the
 * older five-column files still load); an empty low, high or base means the
 * metric is not reached within the horizon (a payback that never comes), so it
 * is kept as null rather than refused. The writer (`tornadoCsv`) sits beside
 * the reader so the two keep in step. Pure: no DOM.
 */
import { csvCells, csvRow, withoutBom } from '../csv.ts';
import type { TornadoRow } from './analysis.ts';

/** tornado.csv from a sweep's tornado rows: one row per parameter and metric, largest swing first within each metric. */
export function tornadoCsv(rows: readonly TornadoRow[]): string {
  const head = ['parameter', 'low', 'high', 'base', 'metric', 'swing', 'rank', 'path', 'lowInput', 'highInput'];
  return [csvRow(head), ...rows.map((r) => csvRow([r.parameter, r.low, r.high, r.base, r.metric, r.swing, r.rank, r.path, r.lowInput, r.highInput]))].join('\n') + '\n';
}

export interface TornadoCsvRow {
  parameter: string;
  /** The metric with the parameter at its low and high input, and at the base case; null: not within the horizon. */
  low: number | null;
  high: number | null;
  base: number | null;
  metric: string;
  /** The file's rank within the metric (1 = largest swing), when it gives one. */
  rank?: number;
  /** The scenario field swept, and its low and high input values, when given. */
  path?: string;
  lowInput?: string;
  highInput?: string;
}

const REQUIRED = ['parameter', 'low', 'high', 'base', 'metric'] as const;


export interface TornadoLimits {
  /** The most data rows read; a file with more is refused, saying how many it has. Default: no limit. */
  maxRows?: number;
}

const isData = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** Parses tornado.csv in file order; throws with the line and column of a problem, or when it has more than `limits.maxRows` rows. */
export function parseTornado(text: string, name = 'tornado.csv', limits: TornadoLimits = {}): TornadoCsvRow[] {
  const lines = withoutBom(text).split(/\r?\n/);
  const maxRows = limits.maxRows ?? Infinity;
  if (lines.length - 1 > maxRows) {
    const found = lines.reduce((n, line, i) => n + Number(i > 0 && isData(line)), 0);
    if (found > maxRows) {
      throw new Error(`${name}: ${found.toLocaleString('en-GB')} rows; the limit is ${maxRows.toLocaleString('en-GB')} (one row per parameter and metric): a tornado chart of more cannot be read. Keep the parameters with the largest swings (a sweep's tornado.csv lists them first within each metric).`);
    }
  }
  const header = csvCells(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (h: string): number => header.indexOf(h.toLowerCase());
  const missing = REQUIRED.filter((h) => col(h) < 0);
  if (missing.length) throw new Error(`${name}:1: the header must name ${REQUIRED.join(',')} (missing ${missing.join(', ')}; found ${lines[0] || 'nothing'})`);
  // Trailing optional columns may be left off a row.
  const needed = Math.max(...REQUIRED.map(col)) + 1;
  const rows: TornadoCsvRow[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || !isData(line)) return;
    const c = csvCells(line);
    const at = `${name}:${i + 1}`;
    if (c.length < needed) throw new Error(`${at}: expected at least ${needed} fields (${header.slice(0, needed).join(',')}), found ${c.length}`);
    const value = (h: string): number | null => {
      const s = c[col(h)];
      if (s === '') return null;
      const v = Number(s);
      if (!Number.isFinite(v)) throw new Error(`${at}: ${h} must be a number, or empty for "not within the horizon"; found ${JSON.stringify(s)}`);
      return v;
    };
    const optional = (h: string): string | undefined => (col(h) >= 0 && (c[col(h)] ?? '') !== '' ? c[col(h)] : undefined);
    const rank = optional('rank');
    if (c[col('parameter')] === '') throw new Error(`${at}: the parameter is empty`);
    rows.push({
      parameter: c[col('parameter')],
      low: value('low'),
      high: value('high'),
      base: value('base'),
      metric: c[col('metric')],
      ...(rank !== undefined && Number.isFinite(Number(rank)) ? { rank: Number(rank) } : {}),
      ...(optional('path') !== undefined ? { path: optional('path') } : {}),
      ...(optional('lowInput') !== undefined ? { lowInput: optional('lowInput') } : {}),
      ...(optional('highInput') !== undefined ? { highInput: optional('highInput') } : {}),
    });
  });
  if (rows.length === 0) throw new Error(`${name}: no rows after the header`);
  return rows;
}

/** The metrics in file order, and the one to show first: NPV when there is one. */
export function metricsOf(rows: readonly TornadoCsvRow[]): { metrics: string[]; initial: string } {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  return { metrics, initial: metrics.find((m) => /^npv\b/i.test(m)) ?? metrics[0] };
}

/**
 * |high − low|, for sorting. One side not within the horizon is the largest
 * effect there is (the parameter decides whether the metric is reached at
 * all); both sides not within it is no difference between them.
 */
export function swing(r: TornadoCsvRow): number {
  if (r.low === null && r.high === null) return 0;
  if (r.low === null || r.high === null) return Infinity;
  return Math.abs(r.high - r.low);
}

/** One metric's rows, largest swing first: by the file's rank where every row has one, else by swing. */
export function rowsFor(rows: readonly TornadoCsvRow[], metric: string): TornadoCsvRow[] {
  const mine = rows.filter((r) => r.metric === metric);
  const ranked = mine.every((r) => r.rank !== undefined);
  return [...mine].sort((a, b) => (ranked ? a.rank! - b.rank! : swing(b) - swing(a)));
}
