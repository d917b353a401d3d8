/** People on waiting lists over time, with the 95% band. */
import * as d3 from 'd3';
import { axisPeople, okabeIto, people, type BandPoint } from '../shape.ts';
import { axes, frame, legend, tooltip, within, bandPaths } from './common.ts';

export function drawWaiting(host: HTMLElement, data: BandPoint[]): void {
  const f = frame(host, 'People on the waiting list over time, mean with 95% interval');
  const xs = data.map((p) => p.x);
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(data, (p) => p.hi) ?? 1) * 1.05]).nice().range([f.height, 0]);
  axes(f, x, y, 'Years from start', 'People waiting', axisPeople);
  const { band, mean: line } = bandPaths(x, y);
  f.g.append('path').datum(data).attr('class', 'mark band').attr('fill', okabeIto.skyBlue).attr('fill-opacity', 0.35).attr('d', band);
  f.g.append('path').datum(data).attr('class', 'mark mean').attr('fill', 'none').attr('stroke', okabeIto.blue).attr('stroke-width', 2).attr('d', line);
  legend(host, [
    { label: 'waiting, mean', colour: okabeIto.blue, kind: 'line' },
    { label: '95% interval', colour: okabeIto.skyBlue, kind: 'band' },
  ]);
  tooltip(host, f, xs, x, (i) => [`Year ${xs[i].toFixed(2)}`, `waiting: ${people(data[i].mean)}${within(data[i].lo, data[i].hi, people)}`]);
}
