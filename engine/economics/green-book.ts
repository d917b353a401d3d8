/**
 * The Green Book's default discount schedule, apart from the appraisal so the
 * file format can default to it without importing the appraisal.
 */

/** Each rate applies to years before `until` (years from the start; Infinity for the last). */
export type DiscountSchedule = { rate: number; until: number }[];

/** Green Book real discount rates: 3.5% for years 0–30, 3.0% for 31–75, 2.5% after. */
export const greenBookDiscount: DiscountSchedule = [
  { rate: 0.035, until: 30 },
  { rate: 0.03, until: 75 },
  { rate: 0.025, until: Infinity },
];
