/**
 * The economics vocabulary: who pays or benefits, what kind of value a figure
 * is, and a replication's ledger of amounts by year.
 */

/** Agencies whose budgets carry costs and receive savings. */
export const agencies = ['programme', 'nhs', 'police', 'justice', 'housing', 'social-care', 'dwp', 'society'] as const;
export type Agency = (typeof agencies)[number];

export const agencyLabels: Record<Agency, string> = {
  programme: 'Programme funder',
  nhs: 'NHS',
  police: 'Police',
  justice: 'Criminal justice',
  housing: 'Local authority housing',
  'social-care': 'Adult social care',
  dwp: 'DWP',
  society: 'Victims and society',
};

/**
 * Fiscal: a saving to a public budget. Economic: output or earnings. Social:
 * wellbeing or harm avoided. Transfer: a payment between parties (welfare
 * benefits), counted in the fiscal case but not as public value.
 */
export const valueTypes = ['fiscal', 'economic', 'social', 'transfer'] as const;
export type ValueType = (typeof valueTypes)[number];

/** One line of a ledger: a cost the programme incurs, or a saving from a change in service use. */
export interface LedgerLine {
  kind: 'cost' | 'saving';
  /** What it is: a unit-cost name ("ae_attendance") or a programme cost item ("staff: iss"). */
  item: string;
  agency: Agency;
  valueType: ValueType;
  /** Share of the amount that is cashable (budget that can be released), 0–1. */
  cashable: number;
}

/**
 * A replication's ledger: for each line, the amount in each year of the
 * horizon, in pounds at the price base year, undiscounted and before any
 * appraisal adjustment. Savings are counterfactual minus scenario cost, so a
 * negative saving is extra demand.
 */
export interface Ledger {
  years: number;
  lines: LedgerLine[];
  /** amounts[line][year] */
  amounts: Float64Array[];
}
