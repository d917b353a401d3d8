/**
 * Closing the books and capping starts. Referrals arrive at λ = 100 a year, are assessed at once and start in an
 * uncapped intensive state left at μ = 1 a year, so without a rule the caseload is M/M/∞ with mean 100.
 * With books closing at L = 40 and reopening below 35, the caseload cycles: closed while it falls from 40 to 34
 * (pure deaths, E = Σ_{n=35}^{40} 1 / (nμ)), open while it climbs from 34 to 40 (a birth–death walk; the mean time
 * from n to n + 1 is τ_n = 1/λ + (nμ/λ) τ_{n−1}, τ_0 = 1/λ). By renewal–reward the long-run share of time closed is
 * E[closed] / (E[closed] + E[open]), and by PASTA the referrals turned away are λ × that share.
 */
import { describe, expect, it } from 'vitest';
import { entryKinds } from '../../engine/model/record.ts';
import { dyn, meanFrom, meanSe, modelOf, replicate, sum } from '../helpers/dynamics.ts';

const lambda = 100;
const mu = 1;
const L = 40;
const L2 = 35;

const yaml = (extra: string, horizon = '10 years') => `
name: books
horizon: ${horizon}
period: 1 month
referrals: { main: { rate: ${lambda} per year } }
screening:
  entry: iss
${extra.includes('cap:') ? extra : ''}
states:
  iss: { tier: intensive, exits: { left: { rate: ${mu} per year } } }
${extra.includes('books:') ? extra : ''}
`;
const books = `policy:\n  books: { closeAbove: ${L}, reopenBelow: ${L2} }`;

/** Long-run share of time the books are closed, from the birth–death cycle above. */
function closedShare(): number {
  let closed = 0;
  for (let n = L2; n <= L; n++) closed += 1 / (n * mu);
  let tau = 1 / lambda;
  let open = 0;
  for (let n = 1; n < L; n++) {
    tau = 1 / lambda + ((n * mu) / lambda) * tau;
    if (n >= L2 - 1) open += tau; // from 34 up to 40: τ_34 + … + τ_39
  }
  return closed / (closed + open);
}

describe('policy.books: closing the books at a caseload', () => {
  const R = 20;
  const model = modelOf(yaml(books));
  const runs = replicate(model, 'books', R, { audit: true });
  const warm = 12; // the caseload reaches 40 within months

  it('the weighted caseload never exceeds the limit at any period end (with zero assessment delay, not even by one)', () => {
    let top = 0;
    for (const o of runs) top = Math.max(top, ...o.weighted);
    expect(top).toBeLessThanOrEqual(L + 1);
    expect(top).toBeLessThanOrEqual(L); // entries are immediate, so the books close at the referral that reaches 40
    expect(top).toBeGreaterThanOrEqual(L - 3); // and it does get there
  });

  it('without the books the same caseload goes far above the limit', () => {
    const free = modelOf(yaml(''));
    const o = replicate(free, 'books', 3);
    for (const x of o) expect(meanFrom(x.weighted, 36)).toBeGreaterThan(80); // M/M/∞ mean 100
    expect(free.dynamics.some((d) => d.name === 'demand.turnedAway')).toBe(false);
  });

  it('books are closed a share of the time that matches the birth–death cycle, and turn away λ × that share', () => {
    const share = closedShare(); // ≈ 0.62
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.75);
    // Tolerance: 4 standard errors of the mean over the 20 independent replications (each a 9-year average).
    const closed = meanSe(runs.map((o) => meanFrom(dyn(model, o, 'demand.booksClosed'), warm)));
    for (const o of runs) for (const x of dyn(model, o, 'demand.booksClosed')) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(closed.se).toBeLessThan(0.01);
    expect(Math.abs(closed.mean - share)).toBeLessThan(4 * closed.se);
    const away = meanSe(runs.map((o) => meanFrom(dyn(model, o, 'demand.turnedAway'), warm)));
    expect(away.mean).toBeGreaterThan(0);
    expect(Math.abs(away.mean - (lambda / 12) * share)).toBeLessThan(4 * away.se);
    // Every referral is either turned away or starts (all are eligible and start): nothing else is lost.
    const started = entryKinds.indexOf('started');
    for (const o of runs) expect(sum(o.entries[0])).toBe(sum(dyn(model, o, 'demand.turnedAway')) + sum(o.entries[started]));
  });
});

describe('policy.books on one service\'s load', () => {
  it('closes on the service\'s weighted load: it never exceeds closeAbove at a period end, while the caseload elsewhere grows', () => {
    // An uncapped drop-in state (weight 0.2, not using the service) takes half of the starts: only iss counts.
    const model = modelOf(`
name: books on a service
horizon: 5 years
period: 1 month
referrals: { main: { rate: ${lambda} per year } }
screening:
  entry: { team: { to: iss, p: 0.5 }, light: { to: light, p: 0.5 } }
services:
  iss: { places: 50 }
states:
  iss: { tier: intensive, service: iss, exits: { left: { rate: ${mu} per year } } }
  light: { tier: drop-in, exits: { left: { rate: 0.1 per year } } }
policy:
  books: { closeAbove: 20, reopenBelow: 15, service: iss }
`);
    for (const o of replicate(model, 'books-service', 5, { audit: true })) {
      expect(Math.max(...o.load[0])).toBeLessThanOrEqual(20);
      expect(Math.max(...o.load[0])).toBeGreaterThanOrEqual(17);
      expect(Math.max(...o.waiting[0])).toBe(0); // never reaches its 50 places
      expect(sum(dyn(model, o, 'demand.turnedAway'))).toBeGreaterThan(0);
      // The drop-in state, fed only while the books are open, still passes the service's limit in weighted terms.
      expect(o.weighted[59]).toBeGreaterThan(20);
    }
  });
});

describe('screening.cap: at most N accepted in each window', () => {
  const N = 15;
  const model = modelOf(yaml(`  cap: { count: ${N}, per: 6 months, until: 2 years }`, '4 years'));
  const runs = replicate(model, 'cap', 10, { audit: true });
  const started = entryKinds.indexOf('started');

  it('gives at most N starts in each 6-month window, and exactly N when demand (≈ 50) is far above it', () => {
    let full = 0;
    let windows = 0;
    for (const o of runs) {
      for (let w = 0; w < 4; w++) {
        const n = sum(o.entries[started].subarray(6 * w, 6 * w + 6));
        expect(n).toBeLessThanOrEqual(N);
        windows++;
        if (n === N) full++;
      }
    }
    // P(fewer than 15 referrals in 6 months at mean 50) ≈ 1e-9: every window fills.
    expect(full).toBe(windows);
  });

  it('turns the rest away, and stops capping after until', () => {
    for (const o of runs) {
      const firstTwoYears = sum(o.entries[0].subarray(0, 24));
      expect(sum(dyn(model, o, 'demand.turnedAway').subarray(0, 24))).toBe(firstTwoYears - 4 * N);
      expect(sum(dyn(model, o, 'demand.turnedAway').subarray(24))).toBe(0);
      // After two years everyone starts: about 100 a year (Poisson, 200 ± 14 over two years; 5 sd either side).
      const late = sum(o.entries[started].subarray(24));
      expect(Math.abs(late - 200)).toBeLessThan(5 * Math.sqrt(200));
    }
  });
});
