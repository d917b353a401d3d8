/** People on waiting lists over time, with its band (the interval named by `bands`). */
import * as d3 from 'd3';
import { axisPeople, okabeIto, people, type BandPoint } from '../shape.ts';
import { axes, frame, legend, tooltip, within, bandPaths, yearMonth } from './common.ts';

export function drawWaiting(host: HTMLElement, data: BandPoint[], bands = '95% interval'): void {
  const f = frame(host, `People on the waiting list over time, mean with ${bands}`, 600, 330);
  const xs = data.map((p) => p.x);
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(data, (p) => p.hi) ?? 1) * 1.05]).nice().range([f.height, 0]);
  axes(f, x, y, 'Years from start', 'People waiting', axisPeople);
  const { band, mean: line } = bandPaths(x, y);
  f.g.append('path').datum(data).attr('class', 'mark band').attr('fill', okabeIto.skyBlue).attr('fill-opacity', 0.35).attr('d', band);
  f.g.append('path').datum(data).attr('class', 'mark mean').attr('fill', 'none').attr('stroke', okabeIto.blue).attr('stroke-width', 2).attr('d', line);
  legend(host, [
    { label: 'waiting, mean', colour: okabeIto.blue, kind: 'line' },
    { label: bands, colour: okabeIto.skyBlue, kind: 'band' },
  ]);
  tooltip(host, f, xs, x, (i) => [yearMonth(xs[i]), `waiting: ${people(data[i].mean)}${within(data[i].lo, data[i].hi, people)}`]);
}
