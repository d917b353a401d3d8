/**
 * whenWaiting: referrers who see a long list do not refer. A service of 5 places, stays Exp(mean 6 months), so it
 * finishes 5 × 2 = 10 cases a year while full, against 100 referrals a year: without the rule the list grows by
 * about 90 a year. With the rule (at least 10 waiting → the rate × 0.05, 5 a year) the list stays near 10, the
 * places stay full, and in the long run referrals made equal cases finished: 10 a year (the list is bounded, nobody
 * reneges). With factor 0 no referral is made while 10 wait, and with assessment at once the list never exceeds 10.
 */
import { describe, expect, it } from 'vitest';
import { meanFrom, modelOf, replicate, sum } from '../helpers/dynamics.ts';

const yaml = (whenWaiting: string) => `
name: when waiting
horizon: 20 years
period: 1 month
referrals:
  main:
    rate: 100 per year
${whenWaiting}
screening: { entry: iss }
services:
  iss: { places: 5 }
states:
  iss:
    tier: intensive
    service: iss
    exits: { done: { rate: 2 per year } }
`;
const rule = (factor: number) => `    whenWaiting: { service: iss, atLeast: 10, factor: ${factor} }`;

describe('whenWaiting thins referrals while the list is long', () => {
  const R = 6;
  const free = modelOf(yaml(''));
  const thinned = modelOf(yaml(rule(0.05)));
  const stopped = modelOf(yaml(rule(0)));
  const a = replicate(free, 'ww', R);
  const b = replicate(thinned, 'ww', R, { audit: true });
  const c = replicate(stopped, 'ww', R, { audit: true });

  it('without it referrals are 100 a year and the list grows past 1,000', () => {
    for (const o of a) {
      expect(Math.abs(sum(o.entries[0]) - 2000)).toBeLessThan(4 * Math.sqrt(2000));
      expect(o.waiting[0][239]).toBeGreaterThan(1000);
    }
  });

  it('with it referrals made fall to the service\'s throughput, 10 a year (after a first year), within 4 √n', () => {
    // Referrals made = cases finished + the change in the list and places; finishing is Poisson at 10 a year while
    // the 5 places are full, so 19 years give 190 ± 14 a replication, pooled 1,140 ± 34.
    let pooled = 0;
    for (const o of b) {
      const late = sum(o.entries[0].subarray(12));
      expect(Math.abs(late - 190)).toBeLessThan(5 * Math.sqrt(190));
      pooled += late;
      expect(meanFrom(o.load[0], 12)).toBeGreaterThan(4.9); // the places stay full
      expect(Math.max(...o.waiting[0].subarray(12))).toBeLessThan(40); // the list is held near 10
    }
    expect(Math.abs(pooled - R * 190)).toBeLessThan(4 * Math.sqrt(R * 190));
  });

  it('with factor 0 the list never exceeds atLeast, and referrals not made are not counted anywhere', () => {
    for (const o of c) {
      expect(Math.max(...o.waiting[0])).toBeLessThanOrEqual(10);
      expect(Math.max(...o.waiting[0])).toBe(10);
      // Every referral counted started or is still waiting: the thinned ones are not referrals.
      expect(sum(o.entries[0])).toBe(sum(o.entries[3]) + o.waiting[0][239]);
    }
  });
});
