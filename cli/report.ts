import type { Scenario } from '../engine/model/scenario.ts';
import type { Band } from '../engine/band.ts';
import type { Results } from '../engine/results.ts';
import { table, terminalWidth, wrap } from './format.ts';
import { describeOverCapacity } from '../present/over-capacity.ts';
import { num, pct, withInterval } from '../present/format.ts';
import { contactsTable, demandTable, frontDoorStages, frontDoorTable, staffTable, yearEnds, type YearTable } from '../present/dynamics.ts';

/** A table by year from present/dynamics.ts, as the terminal prints it: a blank line, its title, the table, its note. */
function yearTable(t: YearTable | undefined): string[] {
  if (!t) return [];
  return [`\n${wrap(t.title)}`, table(t.head, t.rows), ...(t.note ? [wrap(t.note)] : [])];
}

const cell = (b: Band, k: number, decimals?: number): string => withInterval({ mean: b.mean[k], lo: b.lo[k], hi: b.hi[k] }, decimals);

/** The terminal summary of a run: caseload by tier, capacity, waiting and flows by year. */
export function formatRun(results: Results, scenario: Scenario, changed: readonly string[] = []): string {
  const m = results.manifest;
  const ends = yearEnds(results);
  const tiers = Object.keys(results.tiers).filter((t) => results.tiers[t].mean.some((v) => v > 0));
  const out: string[] = [];
  out.push(`${m.scenario} · casecast ${m.version}`);
  out.push(wrap(
    `seed ${m.seed} · ${num(m.replications, 0)} replications${m.draws ? ` (${num(m.draws, 0)} parameter draws × ${num(m.replicationsPerDraw ?? 0, 0)})` : ''} · ${num(m.horizonYears)} years · closure ${scenario.policy.closure}` +
      `${scenario.policy.changes.length ? ' (changes: ' + scenario.policy.changes.map((c) => `${c.closure} at year ${num(c.at)}`).join(', ') + ')' : ''}` +
      ` · scenario sha256 ${m.sha256.slice(0, 12)}`,
  ));
  // A what-if says what it changed, so a printed copy cannot be taken for the file's own figures.
  if (changed.length > 0) out.push(wrap(`Changed from the file for this run: ${changed.join('; ')}`));
  out.push(`${wrap(results.uncertainty ? 'Mean (90% uncertainty interval: parameters and chance together), at each year end.' : 'Mean (95% interval of the mean: Monte Carlo error) across replications, at each year end.')}\n`);
  out.push('Open caseload by tier');
  out.push(
    table(
      ['Year', ...tiers, 'Total', 'Weighted', 'Capacity', 'Waiting'],
      ends.map((k, i) => [
        String(i + 1),
        ...tiers.map((t) => cell(results.tiers[t], k)),
        cell(results.series.total, k),
        cell(results.series.weighted, k),
        cell(results.capacity.total, k),
        cell(results.waiting.total, k),
      ]),
    ),
  );
  out.push(...yearTable(frontDoorTable(results, frontDoorStages(scenario.states), ends)));
  const services = Object.entries(results.capacity.services);
  if (services.length > 0) {
    out.push('\nServices: weighted load against staffed capacity, at each year end');
    out.push(
      table(
        ['Year', ...services.flatMap(([name]) => [`${name} load`, `${name} capacity`, `${name} use`, `${name} waiting`])],
        ends.map((k, i) => [
          String(i + 1),
          ...services.flatMap(([, s]) => [cell(s.load, k), cell(s.capacity, k), pct(s.utilisation.mean[k]), cell(s.waiting, k)]),
        ]),
      ),
    );
  }
  const w = results.waiting.meanWaitDays;
  const sum = (b: Band, from: number, to: number): number => b.mean.slice(from, to).reduce((a, x) => a + x, 0);
  const entries = results.flows.entries;
  out.push('\nFlows by year (mean counts)');
  const exitNames = Object.keys(results.flows.exits);
  out.push(
    table(
      ['Year', 'Referrals', 'Started', 'Returned', 'Re-referred', 'Mean wait (days)', ...exitNames.map((e) => `Exit: ${e}`), 'Supported to date'],
      ends.map((k, i) => {
        const from = i === 0 ? 0 : ends[i - 1] + 1;
        return [
          String(i + 1),
          num(sum(entries.referrals, from, k + 1)),
          num(sum(entries.started, from, k + 1)),
          num(sum(entries.returned, from, k + 1)),
          num(sum(entries.reReferrals, from, k + 1)),
          Number.isNaN(w.mean[i]) ? '–' : withInterval({ mean: w.mean[i], lo: w.lo[i], hi: w.hi[i] }),
          ...exitNames.map((e) => num(sum(results.flows.exits[e], from, k + 1))),
          cell(results.cumulativeSupported, k),
        ];
      }),
    ),
  );
  out.push(...yearTable(staffTable(results, ends)), ...yearTable(contactsTable(results, ends)), ...yearTable(demandTable(results, ends)));
  out.push(`\n${wrap(`First year weighted demand (caseload plus those waiting) exceeds staffed capacity: ${describeOverCapacity(results.firstYearOverCapacity)}`)}`);
  for (const [name, s] of services) out.push(`  ${wrap(`${name}: ${describeOverCapacity(s.firstYearOverCapacity)}`, Math.min(98, Number.isFinite(terminalWidth()) ? terminalWidth() - 2 : 78)).replace(/\n/g, '\n    ')}`);
  return out.join('\n');
}
