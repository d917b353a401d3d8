/**
 * A draw's scenario set on the traced template (draw-fast.ts) is the scenario
 * loading the draw's overlay gives, for every bundled scenario that draws its
 * figures; and a draw out of range is refused with the loader's own problems.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, loadScenario, type ReadFile } from '../../engine/model/load.ts';
import { rawChain } from '../../engine/model/raw.ts';
import { fastDraw, nudged, traceDraws } from '../../engine/uncertainty/draw-fast.ts';
import { drawnParameters, drawScenario, loadDraw, planDraws, type ScenarioSource } from '../../engine/uncertainty/draws.ts';

const disk: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const drawing = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml') && /^uncertainty:/m.test(readFileSync(`scenarios/${f}`, 'utf8')))
  .map((f) => `scenarios/${f}`);

function open(file: string) {
  const r = loadScenario(file, disk);
  if (!r.ok) throw new Error(`${file} does not load`);
  const u = r.scenario.uncertainty!;
  const src = (): ScenarioSource => ({ file, read: disk, raw: rawChain(disk(file, '')!, file, disk), opts: { cache: new Map() } });
  return { u, parameters: drawnParameters(u), src };
}

describe('a draw set on the template', () => {
  it('covers every bundled scenario that has an uncertainty section', () => {
    expect(drawing).toContain('scenarios/liverpool-waves-of-hope.yaml');
    expect(drawing.length).toBeGreaterThanOrEqual(6);
  });

  it.each([...drawing, 'tests/uncertainty/small.yaml'])('%s: draws 0-49 equal the draws loaded from their overlays', (file) => {
    const { u, parameters, src } = open(file);
    const values = planDraws(u, 50, '1');
    const fast = src();
    const slow = src();
    // The template is traced from the first two draws (here the first and its nudged copy); the fast path must take every draw.
    const first = loadDraw(slow, parameters, values[0], 0);
    const moved = nudged(values[0]);
    const second = loadDraw(slow, parameters, moved, 0);
    if (!first.ok || !second.ok) throw new Error('draw 1 should load, also nudged');
    const template = traceDraws(slow, parameters, { values: values[0], loaded: first }, { values: moved, loaded: second });
    expect(template).not.toBeNull();
    values.forEach((row, d) => {
      const want = loadDraw(slow, parameters, row, d);
      if (!want.ok) throw new Error(`draw ${d + 1} should load`);
      const direct = fastDraw(template!, slow.raw, row);
      expect(direct, `draw ${d + 1} taken by the fast path`).not.toBeNull();
      expect(direct!.scenario).toEqual(want.scenario);
      const got = drawScenario(fast, u, row, d);
      if (!got.ok) throw new Error(`draw ${d + 1} should load`);
      expect(got.scenario).toEqual(want.scenario);
      expect(got.resolvedText).toBe(want.resolvedText);
      expect(canonicalJson(got.scenario)).toBe(canonicalJson(want.scenario));
    });
  });

  it('leaves the template and earlier draws as they were', () => {
    const { u, src } = open('scenarios/liverpool-waves-of-hope.yaml');
    const s = src();
    const values = planDraws(u, 3, '2');
    const draws = values.map((row, d) => drawScenario(s, u, row, d));
    const texts = draws.map((d) => (d.ok ? canonicalJson(d.scenario) : ''));
    values.forEach((row, d) => drawScenario(s, u, row, d + 3));
    expect(draws.map((d) => (d.ok ? canonicalJson(d.scenario) : ''))).toEqual(texts);
    expect(new Set(texts).size).toBe(3);
  });
});

describe('a draw out of range', () => {
  const { u, parameters, src } = open('scenarios/liverpool-waves-of-hope.yaml');
  const [values, next] = planDraws(u, 2, '1');
  const at = (name: string): number => parameters.findIndex((p) => p.name === name);
  const cases: [string, string, number][] = [
    ['a share of starts above 1 (a check)', 'starts', 1.5],
    ['a deadweight below 0 (the schema)', 'deadweight', -0.2],
    ['a negative rate (sign and check)', 're-escalation', -0.01],
    ['no ISS staff (capacity 0: the sign changes)', 'fte', 0],
  ];
  it.each(cases)('%s: not vouched for, and the same result as loading the draw', (_, name, value) => {
    expect(at(name)).toBeGreaterThanOrEqual(0);
    const s = src();
    // Two draws trace the template.
    const first = drawScenario(s, u, values, 0);
    const second = drawScenario(s, u, next, 1);
    if (!first.ok || !second.ok) throw new Error('draws 1 and 2 should load');
    const template = traceDraws(s, parameters, { values, loaded: first }, { values: next, loaded: second });
    const bad = values.slice();
    bad[at(name)] = value;
    expect(fastDraw(template!, s.raw, bad)).toBeNull();
    const want = loadDraw(src(), parameters, bad, 6);
    const got = drawScenario(s, u, bad, 6);
    if (name === 'fte') {
      // 0 FTE is a valid scenario, but not one the template vouches for: it is loaded, and equal.
      expect(want.ok && got.ok && canonicalJson(got.scenario) === canonicalJson(want.scenario)).toBe(true);
      return;
    }
    expect(want.ok).toBe(false);
    expect(got).toEqual(want);
    if (!got.ok) expect(got.errors[0].file).toBe('scenarios/(parameter draw 7)');
  });
});
