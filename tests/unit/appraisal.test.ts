import { describe, it, expect } from 'vitest';
import { greenBookDiscount } from '../../engine/economics/green-book.ts';
import { appraise, discountFactors, type AppraisalParams } from '../../engine/economics/appraisal.ts';
import { summarizeEconomics } from '../../engine/pipeline/economics.ts';
import type { Agency, Ledger, LedgerLine, ValueType } from '../../engine/economics/types.ts';

// Hand values: 1/1.035 = 0.966183574879227, 1/1.035² = 0.933510700366403.
const D1 = 0.966183574879227;
const D2 = 0.933510700366403;
const S3 = 2.89969427524563; // 1 + 1/1.035 + 1/1.035²

type Row = [kind: LedgerLine['kind'], agency: Agency, amounts: number[], valueType?: ValueType, cashable?: number];

function ledger(rows: Row[]): Ledger {
  return {
    years: rows[0][2].length,
    lines: rows.map(([kind, agency, , valueType = 'fiscal', cashable = 0], i) => ({
      kind,
      item: `${kind} ${i}`,
      agency,
      valueType,
      cashable,
    })),
    amounts: rows.map((r) => Float64Array.from(r[2])),
  };
}

const flat = (rate: number): AppraisalParams['discount'] => [{ rate, until: Infinity }];

function params(over: Partial<AppraisalParams> = {}): AppraisalParams {
  return {
    discount: flat(0.035),
    optimismBias: { costs: 0, benefits: 0, delayYears: 0 },
    deadweight: 0,
    attribution: 1,
    displacement: 0,
    ...over,
  };
}

describe('discounting', () => {
  it('leaves year 0 undiscounted and discounts at the start of each later year', () => {
    const f = discountFactors(flat(0.035), 3);
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(0.966183574879227, 14);
    expect(f[2]).toBeCloseTo(0.933510700366403, 14);
  });

  it('gives PV 100 + 100/1.035 + 100/1.035² for costs 100/100/100 at 3.5%', () => {
    const a = appraise(ledger([['cost', 'programme', [100, 100, 100]]]), params());
    expect(a.pvCosts).toBeCloseTo(289.969427524563, 9);
    expect(a.byYear.discountedCosts[2]).toBeCloseTo(93.3510700366403, 10);
    expect(a.byYear.cumulativeDiscountedCosts).toHaveLength(3);
    expect(a.byYear.cumulativeDiscountedCosts[1]).toBeCloseTo(196.6183574879227, 10);
  });

  it('switches the Green Book schedule to 3.0% after year 30 and 2.5% after year 75', () => {
    expect(greenBookDiscount).toEqual([
      { rate: 0.035, until: 30 },
      { rate: 0.03, until: 75 },
      { rate: 0.025, until: Infinity },
    ]);
    const f = discountFactors(greenBookDiscount, 80);
    expect(f[30]).toBeCloseTo(0.35627841060230236, 14); // 1.035^-30
    expect(f[31]).toBeCloseTo(0.3459013695167984, 14); // 1.035^-30 × 1.03^-1
    expect(f[75]).toBeCloseTo(0.09421377257669152, 14); // 1.035^-30 × 1.03^-45
    expect(f[76]).toBeCloseTo(0.0919158756845771, 14); // 1.035^-30 × 1.03^-45 × 1.025^-1
  });

  it('rejects a bad schedule', () => {
    expect(() => discountFactors([], 3)).toThrow(RangeError);
    expect(() => discountFactors([{ rate: 0.03, until: 10 }, { rate: 0.02, until: 5 }], 3)).toThrow(RangeError);
  });
});

describe('optimism bias', () => {
  it('raises costs by 10% and cuts benefits by 20%', () => {
    const l = ledger([
      ['cost', 'programme', [100, 100]],
      ['saving', 'nhs', [200, 200]],
    ]);
    const a = appraise(l, params({ discount: flat(0), optimismBias: { costs: 0.1, benefits: 0.2, delayYears: 0 } }));
    expect(a.byYear.costs[0]).toBeCloseTo(110, 12);
    expect(a.byYear.netBenefits[1]).toBeCloseTo(160, 12);
    expect(a.byYear.grossSavings).toEqual([200, 200]);
    expect(a.pvCosts).toBeCloseTo(220, 12);
    expect(a.pvBenefits).toBeCloseTo(320, 12);
    expect(a.npv).toBeCloseTo(100, 12);
    expect(a.bcr).toBeCloseTo(1.454545454545, 10);
  });

  it('splits a half-year delay between two neighbouring years', () => {
    const one = appraise(ledger([['saving', 'nhs', [200, 0, 0]]]), params({ optimismBias: { costs: 0, benefits: 0, delayYears: 0.5 } }));
    expect(one.byYear.netBenefits).toEqual([100, 100, 0]);
    expect(one.pvBenefits).toBeCloseTo(196.6183574879227, 10); // 100 + 100/1.035
    const flatRun = appraise(ledger([['saving', 'nhs', [200, 200, 200]]]), params({ optimismBias: { costs: 0, benefits: 0, delayYears: 0.5 } }));
    // The last year's second half slides past the horizon.
    expect(flatRun.byYear.netBenefits).toEqual([100, 200, 200]);
  });

  it('loses benefits delayed past the horizon', () => {
    const l = ledger([['saving', 'nhs', [200, 200, 200]]]);
    const ob = (delayYears: number) => params({ optimismBias: { costs: 0, benefits: 0, delayYears } });
    expect(appraise(l, ob(2.5)).byYear.netBenefits).toEqual([0, 0, 100]);
    const gone = appraise(l, ob(3));
    expect(gone.byYear.netBenefits).toEqual([0, 0, 0]);
    expect(gone.pvBenefits).toBe(0);
    expect(gone.byYear.grossSavings).toEqual([200, 200, 200]);
  });
});

describe('additionality', () => {
  it('nets gross savings by deadweight, attribution and displacement', () => {
    const l = ledger([['saving', 'police', [1000]]]);
    const a = appraise(l, params({ deadweight: 0.2, attribution: 0.9, displacement: 0.05 }));
    expect(a.byYear.grossSavings).toEqual([1000]);
    expect(a.byYear.netBenefits[0]).toBeCloseTo(684, 10); // 1000 × 0.8 × 0.9 × 0.95
    expect(a.byAgency.police.netBenefits[0]).toBeCloseTo(684, 10);
    const withOb = appraise(l, params({ deadweight: 0.2, attribution: 0.9, displacement: 0.05, optimismBias: { costs: 0, benefits: 0.2, delayYears: 0 } }));
    expect(withOb.pvBenefits).toBeCloseTo(547.2, 10); // 684 × 0.8
  });

  it('rejects shares outside [0, 1]', () => {
    const l = ledger([['saving', 'police', [1000]]]);
    expect(() => appraise(l, params({ deadweight: 1.2 }))).toThrow(RangeError);
    expect(() => appraise(l, params({ optimismBias: { costs: 0, benefits: 0, delayYears: -1 } }))).toThrow(RangeError);
  });
});

describe('payback', () => {
  const cost = ['cost', 'programme', [1000, 0, 0, 0, 0]] as Row;

  it('pays back in year 4 with cost 1000 and benefits 300 a year', () => {
    const a = appraise(ledger([cost, ['saving', 'nhs', [300, 300, 300, 300, 300]]]), params());
    // Cumulative discounted benefits: 300, 589.86, 869.91, 1140.49 ≥ 1000.
    expect(a.byYear.cumulativeDiscountedBenefits[2]).toBeCloseTo(869.9082825736891, 9);
    expect(a.byYear.cumulativeDiscountedBenefits[3]).toBeCloseTo(1140.4910942740958, 9);
    expect(a.paybackYear).toBe(4);
  });

  it('pays back a year later than undiscounted when discounting bites (250 a year)', () => {
    // Undiscounted 4 × 250 = 1000 would break even in year 4; discounted 950.41 then 1168.27.
    const a = appraise(ledger([cost, ['saving', 'nhs', [250, 250, 250, 250, 250]]]), params());
    expect(a.byYear.cumulativeDiscountedBenefits[3]).toBeCloseTo(950.4092452284132, 9);
    expect(a.paybackYear).toBe(5);
    expect(appraise(ledger([cost, ['saving', 'nhs', [250, 250, 250, 250, 250]]]), params({ discount: flat(0) })).paybackYear).toBe(4);
  });

  it('gives null when benefits never catch up', () => {
    const a = appraise(ledger([cost, ['saving', 'nhs', [100, 100, 100, 100, 100]]]), params());
    expect(a.byYear.cumulativeDiscountedBenefits[4]).toBeCloseTo(467.30792086122244, 9);
    expect(a.paybackYear).toBeNull();
  });
});

describe('NPV, BCR and ROI', () => {
  // Two years at 3.5%; transfers count in the fiscal case only.
  const l = ledger([
    ['cost', 'programme', [1000, 1000]],
    ['saving', 'nhs', [600, 600], 'fiscal', 0.5],
    ['saving', 'police', [200, 200], 'fiscal', 0],
    ['saving', 'society', [300, 300], 'social', 0],
    ['saving', 'dwp', [400, 400], 'transfer', 1],
  ]);
  const a = appraise(l, params());

  it('excludes transfers from NPV and BCR', () => {
    expect(a.pvCosts).toBeCloseTo(1966.183574879227, 9); // 1000 × S2
    expect(a.pvBenefits).toBeCloseTo(2162.8019323671497, 9); // 1100 × S2
    expect(a.npv).toBeCloseTo(196.6183574879227, 9); // 100 × S2
    expect(a.bcr).toBeCloseTo(1.1, 12);
    expect(a.publicValueRoi).toBe(a.bcr);
    expect(a.byYear.grossSavings).toEqual([1100, 1100]);
  });

  it('includes transfers in fiscal ROI but not social value', () => {
    expect(a.pvFiscalBenefits).toBeCloseTo(2359.4202898550725, 9); // 1200 × S2
    expect(a.fiscalRoi).toBeCloseTo(1.2, 12);
  });

  it('splits fiscal benefits into cashable and non-cashable', () => {
    expect(a.pvCashableBenefits).toBeCloseTo(1376.328502415459, 9); // (300 + 400) × S2
    expect(a.pvNonCashableBenefits).toBeCloseTo(983.0917874396135, 9); // (300 + 200) × S2
  });

  it('credits the transfer to DWP in the agency view', () => {
    expect(a.byAgency.dwp.pvBenefits).toBeCloseTo(786.4734299516908, 9); // 400 × S2
    expect(a.byAgency.society.lines).toBe(1);
    expect(a.paybackYear).toBe(1);
  });

  it('gives NaN ratios with no costs', () => {
    const b = appraise(ledger([['saving', 'nhs', [10, 10]]]), params());
    expect(b.bcr).toBeNaN();
    expect(b.fiscalRoi).toBeNaN();
    expect(b.paybackYear).toBeNull();
  });
});

describe('wrong pocket', () => {
  const a = appraise(
    ledger([
      ['cost', 'programme', [500, 500, 500]],
      ['saving', 'nhs', [300, 300, 300]],
      ['saving', 'police', [250, 250, 250]],
      ['saving', 'justice', [100, 100, 100]],
    ]),
    params(),
  );

  it('shows the funder losing while the NHS, police and justice gain', () => {
    const p = a.byAgency.programme;
    expect(p.pvCosts).toBeCloseTo(1449.8471376228151, 9); // 500 × S3
    expect(p.pvBenefits).toBe(0);
    expect(p.npv).toBeCloseTo(-1449.8471376228151, 9);
    expect(p.roi).toBe(0);
    expect(p.paybackYear).toBeNull();
    expect(p.costs).toEqual([500, 500, 500]);

    expect(a.byAgency.nhs.npv).toBeCloseTo(869.908282573689, 9); // 300 × S3
    expect(a.byAgency.nhs.pvCosts).toBe(0);
    expect(a.byAgency.nhs.roi).toBeNaN();
    expect(a.byAgency.police.npv).toBeCloseTo(724.9235688114076, 9); // 250 × S3
    expect(a.byAgency.justice.npv).toBeCloseTo(289.969427524563, 9); // 100 × S3
    expect(a.byAgency.housing.lines).toBe(0);
    expect(a.byAgency.housing.npv).toBe(0);
  });

  it('is positive in total', () => {
    expect(a.npv).toBeCloseTo(434.9541412868445, 9); // 150 × S3
    expect(a.bcr).toBeCloseTo(1.3, 12);
    expect(a.paybackYear).toBe(1);
    expect(S3).toBeCloseTo(1 + D1 + D2, 14);
  });
});

describe('early rise in demand', () => {
  const cost: Row = ['cost', 'programme', [1000, 0, 0, 0, 0, 0, 0, 0]];

  it('pays back later than the same savings without the rise', () => {
    const base = appraise(ledger([cost, ['saving', 'nhs', [0, 0, 500, 500, 500, 500, 500, 500]]]), params());
    const rise = appraise(ledger([cost, ['saving', 'nhs', [-400, -300, 500, 500, 500, 500, 500, 500]]]), params());
    // Base: 0, 0, 466.76, 917.73, 1353.45 → year 5. Rise: −400, −689.86, −223.10, 227.87, 663.59, 1084.58 → year 6.
    expect(base.paybackYear).toBe(5);
    expect(rise.paybackYear).toBe(6);
    expect(rise.byYear.netBenefits.slice(0, 2)).toEqual([-400, -300]);
    expect(rise.byYear.cumulativeDiscountedBenefits[1]).toBeCloseTo(-689.8550724637681, 9);
    expect(rise.byYear.cumulativeDiscountedBenefits[5]).toBeCloseTo(1084.579327831993, 9);
  });

  it('passes extra demand through the additionality adjustments', () => {
    const a = appraise(ledger([['saving', 'nhs', [-1000]]]), params({ deadweight: 0.2, attribution: 0.9, displacement: 0.05 }));
    expect(a.byYear.netBenefits[0]).toBeCloseTo(-684, 10);
  });

  it('treats extra demand cautiously under optimism bias: uplifted like a cost, never delayed', () => {
    // [−1000, 1000, 0] with benefits cut 40%, costs raised 10%, benefits a year late:
    // the gain moves to year 3 and becomes 600; the extra demand stays in year 1 and becomes −1100.
    const a = appraise(ledger([['saving', 'nhs', [-1000, 1000, 0]]]), params({ optimismBias: { costs: 0.1, benefits: 0.4, delayYears: 1 } }));
    expect(a.byYear.netBenefits).toEqual([-1100, 0, 600]);
  });
});

describe('summarizeEconomics', () => {
  // Two years, no discounting: A pays back in year 1, B in year 2, C never.
  const run = (s: number[]) =>
    appraise(
      ledger([
        ['cost', 'programme', [100, 100]],
        ['saving', 'nhs', s],
      ]),
      params({ discount: flat(0) }),
    );
  const A = run([150, 150]); // pvB 300, npv 100, roi 1.5
  const B = run([50, 200]); // pvB 250, npv 50, roi 1.25
  const C = run([50, 50]); // pvB 100, npv −100, roi 0.5
  const s = summarizeEconomics([A, B, C]);

  it('checks the inputs', () => {
    expect([A.paybackYear, B.paybackYear, C.paybackYear]).toEqual([1, 2, null]);
    expect(() => summarizeEconomics([])).toThrow(RangeError);
  });

  it('gives means and t-intervals (t₀.₉₇₅,₂ = 4.302653) in pence and 6 significant digits', () => {
    // npv 100, 50, −100: mean 16.67, sd 104.083, half-width 258.557.
    expect(s.summary.npv).toEqual({ mean: 16.67, lo: -241.89, hi: 275.22 });
    expect(s.summary.pvBenefits).toEqual({ mean: 216.67, lo: -41.89, hi: 475.22 });
    expect(s.summary.pvCosts).toEqual({ mean: 200, lo: 200, hi: 200 });
    expect(s.summary.roi).toEqual({ mean: 1.08333, lo: -0.209453, hi: 2.37612 });
    expect(s.summary.bcr).toEqual(s.summary.roi);
    expect(s.summary.publicValueRoi).toEqual(s.summary.roi);
    expect(s.summary.cashable).toEqual({ mean: 0, lo: 0, hi: 0 });
    expect(s.summary.nonCashable).toEqual({ mean: 216.67, lo: -41.89, hi: 475.22 });
  });

  it('counts ROI above 1 and payback within the horizon', () => {
    // Wilson 95% for 2 of 3: centre (2/3 + 1.92/3)/(1 + 3.84/3), hand value 0.2076596…0.9385081 (computed separately).
    expect(s.summary.probRoiAbove1).toEqual({ mean: 0.666667, lo: 0.20766, hi: 0.938508 });
    // mean/lo/hi over the payers (1, 2): t₀.₉₇₅,₁ = 12.7062, half-width 6.35310.
    expect(s.summary.paybackYear).toEqual({ mean: 1.5, lo: -4.8531, hi: 7.8531, median: 2, probWithinHorizon: 0.666667 });
  });

  it('gives yearly bands', () => {
    expect(s.byYear.year).toEqual([1, 2]);
    expect(s.byYear.costs).toEqual({ mean: [100, 100], lo: [100, 100], hi: [100, 100] });
    // Year 1 savings 150, 50, 50; year 2 150, 200, 50.
    expect(s.byYear.grossSavings).toEqual({ mean: [83.33, 133.33], lo: [-60.09, -56.4], hi: [226.76, 323.06] });
    expect(s.byYear.cumulativeDiscountedBenefits.mean).toEqual([83.33, 216.67]);
    expect(s.byYear.cumulativeDiscountedCosts.mean).toEqual([100, 200]);
  });

  it('reports only agencies with ledger lines', () => {
    expect(Object.keys(s.byAgency).sort()).toEqual(['nhs', 'programme']);
    expect(s.byAgency.programme).toEqual({
      costs: { mean: 200, lo: 200, hi: 200 },
      savings: { mean: 0, lo: 0, hi: 0 },
      npv: { mean: -200, lo: -200, hi: -200 },
      roi: { mean: 0, lo: 0, hi: 0 },
      paybackYear: { median: null, probWithinHorizon: 0 },
    });
    expect(s.byAgency.nhs.savings).toEqual({ mean: 216.67, lo: -41.89, hi: 475.22 });
    expect(s.byAgency.nhs.roi.mean).toBeNaN();
  });

  it('gives NaN payback statistics and a null median when nothing pays back', () => {
    const none = summarizeEconomics([C, C]);
    expect(none.summary.paybackYear.mean).toBeNaN();
    expect(none.summary.paybackYear.median).toBeNull();
    expect(none.summary.paybackYear.probWithinHorizon).toBe(0);
    expect(none.summary.probRoiAbove1.mean).toBe(0);
    // Two payers of four: the median falls between a payer and a non-payer, so it is null.
    expect(summarizeEconomics([A, B, C, C]).summary.paybackYear.median).toBeNull();
    expect(summarizeEconomics([A, B, B, C]).summary.paybackYear.median).toBe(2);
  });
});
