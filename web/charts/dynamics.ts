/**
 * The programme's dynamics over time: staff in post against the
 * establishment, counts per period (contacts made and unmet, referrals turned
 * away), and the people in a front-door stage and waiting to enter it. Every
 * name from the scenario is set as text (d3 .text, legend items), never as HTML.
 */
import * as d3 from 'd3';
import type { Band } from '../../engine/band.ts';
import { axisPeople, bandPoints, okabeIto, people, tierColours, type BandPoint } from '../shape.ts';
import { axes, bandPaths, frame, legend, tooltip, within, yearMonth, type LegendItem } from './common.ts';

/** One service's staff by period, as present/dynamics.ts staffSeries gives it. */
export interface StaffLines {
  service: string;
  employed: Band;
  establishment: number[];
  atWork: number[];
}

const xScale = (xs: readonly number[], width: number): d3.ScaleLinear<number, number> => d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, width]);
const yScale = (top: number, height: number): d3.ScaleLinear<number, number> => d3.scaleLinear().domain([0, Math.max(1, top) * 1.05]).nice().range([height, 0]);
const fte = (v: number): string => people(v);

/** FTE employed (with its band), the establishment (employed + vacant) and the FTE at work (employed − absent), per staffed service. */
export function drawStaff(host: HTMLElement, t: readonly number[], services: readonly StaffLines[], bands = '95% interval'): void {
  const f = frame(host, 'Staff in post over time against the establishment, in FTE', 600, 330);
  const x = xScale(t, f.width);
  const top = d3.max(services.flatMap((s) => [...s.employed.hi, ...s.establishment])) ?? 1;
  const y = yScale(top, f.height);
  axes(f, x, y, 'Years from start', 'FTE', axisPeople);
  const colour = d3.scaleOrdinal<string, string>().domain(services.map((s) => s.service)).range(tierColours);
  const { band, mean } = bandPaths(x, y);
  const line = d3
    .line<{ x: number; y: number }>()
    .defined((d) => Number.isFinite(d.y))
    .x((d) => x(d.x))
    .y((d) => y(d.y));
  const pts = (ys: readonly number[]): { x: number; y: number }[] => t.map((xv, k) => ({ x: xv, y: ys[k] }));
  const g = f.g.append('g').attr('class', 'staff');
  services.forEach((s) => {
    const c = colour(s.service);
    const e = bandPoints(t, s.employed);
    g.append('path').datum(e).attr('class', 'mark band employed-band').attr('data-service', s.service).attr('fill', c).attr('fill-opacity', 0.2).attr('d', band);
    g.append('path').datum(e).attr('class', 'mark employed').attr('data-service', s.service).attr('fill', 'none').attr('stroke', c).attr('stroke-width', 2.5).attr('d', mean);
    g.append('path').datum(pts(s.establishment)).attr('class', 'mark establishment').attr('data-service', s.service).attr('fill', 'none').attr('stroke', c).attr('stroke-width', 2).attr('stroke-dasharray', '8 4').attr('d', line);
    g.append('path').datum(pts(s.atWork)).attr('class', 'mark at-work').attr('data-service', s.service).attr('fill', 'none').attr('stroke', c).attr('stroke-width', 1.5).attr('stroke-dasharray', '2 3').attr('d', line);
  });
  const one = services.length === 1;
  const items: LegendItem[] = services.flatMap((s) => [
    { label: `${one ? '' : `${s.service}: `}employed (in post), mean`, colour: colour(s.service), kind: 'line' as const },
    { label: `${one ? '' : `${s.service}: `}establishment (employed + vacant)`, colour: colour(s.service), kind: 'dash' as const },
    { label: `${one ? '' : `${s.service}: `}at work (employed − absent)`, colour: colour(s.service), kind: 'dash' as const },
  ]);
  legend(host, [...items, { label: `employed, ${bands}`, colour: one ? colour(services[0].service) : okabeIto.black, kind: 'band' }]);
  tooltip(host, f, [...t], x, (i) => [
    yearMonth(t[i]),
    ...services.map((s) => `${s.service}: ${fte(s.employed.mean[i])}${within(s.employed.lo[i], s.employed.hi[i], fte)} employed of ${fte(s.establishment[i])} established, ${fte(s.atWork[i])} at work`),
  ]);
}

/** Counts per period, one line per series (contacts made, unmet dashed, referrals turned away), each mean with its band. */
export function drawCounts(host: HTMLElement, t: readonly number[], series: ReadonlyArray<{ name: string; band: Band }>, bands = '95% interval'): void {
  const f = frame(host, 'Contacts made and unmet, and referrals turned away, per period', 600, 330);
  const x = xScale(t, f.width);
  const top = d3.max(series.flatMap((s) => s.band.hi.filter(Number.isFinite))) ?? 1;
  const y = yScale(top, f.height);
  axes(f, x, y, 'Years from start', 'Per period', axisPeople);
  const colour = d3.scaleOrdinal<string, string>().domain(series.map((s) => s.name)).range([okabeIto.blue, okabeIto.vermillion, okabeIto.green, okabeIto.orange, okabeIto.purple, okabeIto.skyBlue, okabeIto.black]);
  const dashed = (name: string): boolean => name.endsWith(' unmet');
  const { band, mean } = bandPaths(x, y);
  const g = f.g.append('g').attr('class', 'counts');
  const points = series.map((s) => ({ ...s, points: bandPoints(t, s.band) }));
  for (const s of points) {
    g.append('path').datum(s.points).attr('class', 'mark band count-band').attr('data-series', s.name).attr('fill', colour(s.name)).attr('fill-opacity', 0.15).attr('d', band);
    g.append('path').datum(s.points).attr('class', 'mark count').attr('data-series', s.name).attr('fill', 'none').attr('stroke', colour(s.name)).attr('stroke-width', 2).attr('stroke-dasharray', dashed(s.name) ? '6 4' : null).attr('d', mean);
  }
  legend(host, [...series.map((s) => ({ label: `${s.name}, mean`, colour: colour(s.name), kind: dashed(s.name) ? ('dash' as const) : ('line' as const) })), { label: bands, colour: okabeIto.black, kind: 'band' as const }]);
  tooltip(host, f, [...t], x, (i) => [yearMonth(t[i]), ...series.map((s) => `${s.name}: ${people(s.band.mean[i])}${within(s.band.lo[i], s.band.hi[i], people)}`)]);
}

/** One front-door stage: its people by period (with band) and those waiting to enter it. */
export interface StageLines {
  stage: string;
  service?: string;
  people: Band;
  waiting?: Band;
}

/** People in one front-door stage over time, and waiting to enter it (its service's list). */
export function drawStage(host: HTMLElement, t: readonly number[], s: StageLines, bands = '95% interval'): void {
  const f = frame(host, `People in the front-door stage ${s.stage} over time, and waiting to enter it`, 600, 330);
  const x = xScale(t, f.width);
  const inStage: BandPoint[] = bandPoints(t, s.people);
  const waiting: BandPoint[] = s.waiting ? bandPoints(t, s.waiting) : [];
  const y = yScale(d3.max([...inStage, ...waiting].map((p) => p.hi).filter(Number.isFinite)) ?? 1, f.height);
  axes(f, x, y, 'Years from start', 'People', axisPeople);
  const { band, mean } = bandPaths(x, y);
  f.g.append('path').datum(inStage).attr('class', 'mark band stage-band').attr('fill', okabeIto.blue).attr('fill-opacity', 0.2).attr('d', band);
  f.g.append('path').datum(inStage).attr('class', 'mark stage').attr('data-stage', s.stage).attr('fill', 'none').attr('stroke', okabeIto.blue).attr('stroke-width', 2.5).attr('d', mean);
  if (waiting.length) {
    f.g.append('path').datum(waiting).attr('class', 'mark band stage-waiting-band').attr('fill', okabeIto.orange).attr('fill-opacity', 0.2).attr('d', band);
    f.g.append('path').datum(waiting).attr('class', 'mark stage-waiting').attr('fill', 'none').attr('stroke', okabeIto.orange).attr('stroke-width', 2).attr('stroke-dasharray', '6 4').attr('d', mean);
  }
  legend(host, [
    { label: `in ${s.stage} (referred, not started), mean`, colour: okabeIto.blue, kind: 'line' },
    ...(waiting.length ? [{ label: `waiting to enter it${s.service ? ` (${s.service}'s list)` : ''}, mean`, colour: okabeIto.orange, kind: 'dash' as const }] : []),
    { label: bands, colour: okabeIto.black, kind: 'band' },
  ]);
  tooltip(host, f, [...t], x, (i) => [
    yearMonth(t[i]),
    `in ${s.stage}: ${people(s.people.mean[i])}${within(s.people.lo[i], s.people.hi[i], people)}`,
    ...(s.waiting ? [`waiting: ${people(s.waiting.mean[i])}${within(s.waiting.lo[i], s.waiting.hi[i], people)}`] : []),
  ]);
}
