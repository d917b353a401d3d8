/**
 * The shared shapes of the programme's dynamics (present/dynamics.ts) for a
 * small synthetic Results: the tables the CLI prints and the viewer lays out
 * (staff in post at year ends, contacts and demand turned away summed over
 * each year, front-door stages with their services' lists), the series the
 * viewer charts, and the CSV columns. Results without dynamics get none.
 */
import { describe, expect, it } from 'vitest';
import type { Band } from '../../engine/band.ts';
import type { Results, ServiceResults } from '../../engine/results.ts';
import { seriesCsv, seriesWideCsv } from '../../present/csv.ts';
import { booksClosedSpans, contactsTable, countSeries, demandTable, dynamicsTables, frontDoorStages, frontDoorTable, stageSeries, staffSeries, staffTable, yearEnds } from '../../present/dynamics.ts';

/** Two years of quarters. */
const t = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const flat = (x: number): Band => ({ mean: t.map(() => x), lo: t.map(() => x), hi: t.map(() => x) });
const band = (mean: number[], spread = 0): Band => ({ mean, lo: mean.map((m) => m - spread), hi: mean.map((m) => m + spread) });
const service = (waiting: Band): ServiceResults => ({
  capacity: flat(10),
  load: flat(5),
  demand: flat(6),
  utilisation: flat(0.5),
  waiting,
  firstYearOverCapacity: { byYear: [], never: 1, median: null },
});

function results(dynamics?: Record<string, Band>): Results {
  return {
    manifest: { scenario: 'synthetic', sha256: '0'.repeat(64), seed: '1', replications: 10, version: 'test', horizonYears: 2, periodYears: 0.25 },
    intervals: { kind: 'mean', level: 0.95, text: '' },
    series: { t, total: flat(20), weighted: flat(12), triage: band([1, 2, 3, 4, 5, 6, 7, 8], 0.5), support: flat(20) },
    tiers: { intensive: flat(20) },
    capacity: { total: flat(10), services: { 'triage-team': service(band([0, 0, 1, 2, 3, 3, 3, 4], 1)), team: service(flat(1)) } },
    waiting: { total: flat(3), meanWaitDays: { year: [1, 2], ...band([10, 12]) }, reneged: flat(0) },
    flows: { entries: {}, exits: {}, transitions: {}, moves: [], bySource: {}, timeInSupport: {} },
    cumulativeSupported: flat(30),
    firstYearOverCapacity: { byYear: [], never: 1, median: null },
    work: { eventsPerReplication: 0, peoplePerReplication: 0 },
    ...(dynamics ? { dynamics } : {}),
  } as Results;
}

const dynamics: Record<string, Band> = {
  'staff.team.employed': band([5, 5, 4.5, 4, 4, 4, 4.5, 4.8], 0.2),
  'staff.team.vacant': band([0, 0, 0.5, 1, 1, 1, 0.5, 0.2]),
  'staff.team.absent': band([0.3, 0.3, 0.3, 0.4, 0.2, 0.2, 0.2, 0.25]),
  'contacts.visits.made': band([10, 10, 10, 10, 20, 20, 20, 20]),
  'contacts.visits.unmet': band([0, 1, 2, 3, 0, 0, 0, 0]),
  'contacts.visits.onward': band([1, 1, 1, 1, 2, 2, 2, 2]),
  'demand.turnedAway': band([0, 0, 4, 6, 0, 0, 0, 0]),
  'demand.booksClosed': band([0, 0, 0.5, 1, 0, 0, 0, 0]),
};

const stages = frontDoorStages([
  { name: 'triage', tier: 'front-door', service: 'triage-team' },
  { name: 'support', tier: 'intensive', service: 'team' },
]);

describe('dynamics tables', () => {
  const r = results(dynamics);

  it('finds the front-door stages of a scenario and the year ends', () => {
    expect(stages).toEqual([{ stage: 'triage', service: 'triage-team' }]);
    expect(yearEnds(r)).toEqual([3, 7]);
  });

  it('gives staff in post at each year end, with intervals', () => {
    const s = staffTable(r)!;
    expect(s.head).toEqual(['Year', 'team employed', 'team vacant', 'team absent']);
    expect(s.rows).toEqual([
      ['1', '4.0 (3.8–4.2)', '1.0', '0.4'],
      ['2', '4.8 (4.6–5.0)', '0.2', '0.3'],
    ]);
  });

  it('sums contacts and referrals turned away over each year, and gives the share of the year the books were closed', () => {
    const c = contactsTable(r)!;
    expect(c.head).toEqual(['Year', 'visits made', 'visits unmet', 'visits onward']);
    expect(c.rows).toEqual([
      ['1', '40', '6.0', '4.0'],
      ['2', '80', '0.0', '8.0'],
    ]);
    const d = demandTable(r)!;
    expect(d.head).toEqual(['Year', 'Referrals turned away', 'Books closed (share of year)']);
    expect(d.rows).toEqual([
      ['1', '10', '38%'],
      ['2', '0.0', '0%'],
    ]);
  });

  it("gives each front-door stage's people and its service's list at year ends", () => {
    const f = frontDoorTable(r, stages)!;
    expect(f.head).toEqual(['Year', 'triage in stage', 'triage waiting']);
    expect(f.rows).toEqual([
      ['1', '4.0 (3.5–4.5)', '2.0 (1.0–3.0)'],
      ['2', '8.0 (7.5–8.5)', '4.0 (3.0–5.0)'],
    ]);
    expect(f.note).toContain('triage: triage-team');
  });

  it('lists the tables in order, and none for results without dynamics or stages', () => {
    expect(dynamicsTables(r, stages).map((x) => x.key)).toEqual(['frontDoor', 'staff', 'contacts', 'demand']);
    expect(dynamicsTables(results())).toEqual([]);
    expect(dynamicsTables(results(), frontDoorStages([{ name: 'support', tier: 'intensive' }]))).toEqual([]);
    // A results file from a scenario with only some of the features has only their tables.
    expect(dynamicsTables(results({ 'demand.turnedAway': flat(1) })).map((x) => x.key)).toEqual(['demand']);
    expect(demandTable(results({ 'demand.turnedAway': flat(1) }))!.head).toEqual(['Year', 'Referrals turned away']);
  });
});

describe('dynamics series for the viewer', () => {
  const r = results(dynamics);

  it('gives staff against the establishment, counts per period, closed periods and stages', () => {
    const [s] = staffSeries(r);
    expect(s.service).toBe('team');
    expect(s.establishment[3]).toBeCloseTo(5);
    expect(s.atWork[3]).toBeCloseTo(3.6);
    expect(countSeries(r).map((x) => x.name)).toEqual(['visits made', 'visits unmet', 'referrals turned away']);
    expect(booksClosedSpans(r)).toEqual([
      { from: 0.5, to: 0.75, share: 0.5 },
      { from: 0.75, to: 1, share: 1 },
    ]);
    const [st] = stageSeries(r, stages);
    expect(st.stage).toBe('triage');
    expect(st.waiting?.mean[7]).toBe(4);
    expect(staffSeries(results())).toEqual([]);
    expect(countSeries(results())).toEqual([]);
    expect(booksClosedSpans(results())).toEqual([]);
  });
});

describe('dynamics in the CSV files', () => {
  it('adds dynamics.<name> rows and columns when present, and nothing otherwise', () => {
    const long = seriesCsv(results(dynamics));
    expect(long).toContain('\n0.25,dynamics.staff.team.employed,5,4.8,5.2\n');
    expect(long).toContain('\n1,dynamics.demand.booksClosed,1,1,1\n');
    const wide = seriesWideCsv(results(dynamics)).split('\n')[0].split(',');
    expect(wide.slice(-3)).toEqual(['dynamics.demand.booksClosed', 'dynamics.demand.booksClosed.lo', 'dynamics.demand.booksClosed.hi']);
    expect(seriesCsv(results())).not.toContain('dynamics');
    expect(seriesWideCsv(results())).not.toContain('dynamics');
  });
});
