/**
 * The unit-cost library (scenarios/unit-costs.yaml) against the evaluation's
 * own case-study ledgers: Michelle, Steve and Jeffrey in report 000 (§7.7,
 * Tables 7.5-7.7). Each service-use count is written out as the table gives
 * it, priced with the library through `costOfUse`, and the year-1 change is
 * compared with Table 7.4 within the report's £100 rounding of overall
 * figures (000 L3758-3759). Every row is also checked against the report's
 * own item total, which is rounded to £10.
 *
 * Nothing here is fitted to a person. The library holds one unit cost per
 * event. The only per-person inputs are the counts in the tables and, for
 * Steve, the report's own part-year scaling.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { costByAgency, costOfUse } from '../../engine/economics/costs.ts';
import { economicsFileSchema, type UnitCost } from '../../engine/economics/schema.ts';
import { agencies, valueTypes } from '../../engine/economics/types.ts';

type LibraryEntry = Omit<UnitCost, 'name'>;

const doc = parse(readFileSync('scenarios/unit-costs.yaml', 'utf8')) as { name: string; economics: { priceYear: number; unitCosts: Record<string, LibraryEntry> } };
const lib = doc.economics.unitCosts;

/** One row of a case-study table: a unit-cost key, its count, and the report's £ figure for the row (rounded to £10). */
interface Row {
  key: string;
  count: number;
  reported: number;
}
const counts = (rows: Row[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.key] = (out[r.key] ?? 0) + r.count;
  return out;
};
const cost = (rows: Row[]): number => costOfUse(counts(rows), lib);
const reportedSum = (rows: Row[]): number => rows.reduce((s, r) => s + r.reported, 0);
/** The report rounds each item to the nearest £10 (000 L3758). */
const toTen = (x: number): number => Math.round(x / 10) * 10;

// ---------------------------------------------------------------------------
// Michelle: 000 §7.7.1, Table 7.5 (L3901-3923). Table 7.4: -£29,000 (L3773-3775); text "around £29,000 lower" (L3899-3900).
const michelle = {
  before: [
    { key: 'arrest', count: 2, reported: 1420 }, // L3904 "Two arrests: £1,420"
    { key: 'burglary_victim_cost', count: 1, reported: 2130 }, // L3905-3906 "Cost of burglary to victim and society (not including justice system): £2,130"
    { key: 'court_burglary', count: 1, reported: 3960 }, // L3907 "Court proceedings (burglary): £3,960"
    { key: 'prison_month', count: 11, reported: 34840 }, // L3908 "11 months in prison: £34,840"
    { key: 'da_worker_session', count: 56, reported: 6940 }, // L3909-3910 "56 drug and alcohol support worker sessions: £6,940" (in prison, L3892-3893)
  ],
  lwoh: [
    { key: 'iss_person_year', count: 1, reported: 5230 }, // L3913 "ISS case worker: £5,230"
    { key: 'new_beginnings_person_year', count: 1, reported: 1340 }, // L3914 "New Beginnings activities: £1,340"
  ],
  other: [
    { key: 'gp_visit', count: 7, reported: 400 }, // L3918 "7 visits to GP: £400"
    { key: 'cpn_visit', count: 12, reported: 820 }, // L3919-3920 "Community psychiatric nursing support (monthly visits): £820"; monthly read as 12
    { key: 'da_worker_session', count: 34, reported: 4220 }, // L3921-3922 "34 drug and alcohol support worker sessions: £4,220"
    { key: 'welfare_esa_hb_year', count: 1, reported: 8240 }, // L3923 "ESA and Housing Benefit: £8,240"
  ],
  reportedChange: -29000, // Table 7.4, L3775
};

// ---------------------------------------------------------------------------
// Steve: 000 §7.7.2, Table 7.6 (L3961-3989). Table 7.4: -£6,600 (L3791-3793); text "around £6,900 lower" (L3958).
// The "other support" column covers only nine months on LWoH (L3953-3957).
const steve = {
  before: [
    { key: 'shoplifting_theft_year', count: 1, reported: 1380 }, // L3964-3965 "Cost of shoplifting to victims and society: £1,380"
    { key: 'arrest', count: 1, reported: 700 }, // L3966 "Arrest: £700" (the library's £710: the report's one off-by-£10 item)
    { key: 'da_worker_session', count: 44, reported: 5460 }, // L3967-3968 "44 drug and alcohol support worker sessions: £5,460"
    { key: 'detox_night', count: 26, reported: 4000 }, // L3969 "26 nights in residential detox: £4,000"
    { key: 'outpatient_visit', count: 4, reported: 460 }, // L3970 "4 outpatient visits to hospital: £460"
    { key: 'inpatient_episode', count: 5, reported: 9320 }, // L3971 "5 inpatient visits to hospital: £9,320"
    { key: 'ae_attendance', count: 10, reported: 1170 }, // L3972 "10 visits to A&E: £1,170"
    { key: 'welfare_esa_hb_lower_year', count: 1, reported: 6680 }, // L3973 "ESA and Housing Benefit: £6,680"
  ],
  lwoh: [
    { key: 'iss_person_year', count: 1, reported: 5230 }, // L3976 "ISS case worker: £5,230" (an annual figure, L3951)
  ],
  otherNineMonths: [
    { key: 'arrest', count: 2, reported: 1420 }, // L3980 "Two arrests: £1,420"
    { key: 'gp_visit', count: 6, reported: 340 }, // L3981 "Six visits to GP: £340"
    { key: 'da_worker_session', count: 18, reported: 2230 }, // L3982-3983 "18 sessions with drug and alcohol support worker: £2,230"
    { key: 'cpn_visit', count: 3, reported: 200 }, // L3984-3985 "Three visits from community psychiatric nurse: £200"
    { key: 'outpatient_visit', count: 5, reported: 570 }, // L3986 "Five outpatient visits to hospital: £570"
    { key: 'ae_attendance', count: 3, reported: 350 }, // L3987 "Three visits to A&E: £350"
    { key: 'welfare_esa_hb_pip_month', count: 9, reported: 7870 }, // L3988-3989 "ESA, Housing Benefit and Personal Independence Payment: £7,870" (nine months, L3955-3956)
  ],
  reportedChangeTable: -6600, // Table 7.4, L3793
  reportedChangeText: -6900, // L3958
};

// ---------------------------------------------------------------------------
// Jeffrey: 000 §7.7.3, Table 7.7 (L4024-4061). Table 7.4: +£27,000 (L3833-3835); text "increased by around £27,000" (L4023).
const jeffrey = {
  before: [
    { key: 'outpatient_visit', count: 1, reported: 110 }, // L4033 "One outpatient visit to hospital: £110"
    { key: 'inpatient_episode', count: 6, reported: 11180 }, // L4039 "Six inpatient visits to hospital: £11,180"
    { key: 'ae_attendance', count: 10, reported: 1170 }, // L4045 "Ten visits to A&E: £1,170"
    { key: 'welfare_esa_hb_pip_year', count: 1, reported: 17680 }, // L4049-4053 "ESA, Housing Benefit and Personal Independence Payment: £17,680"
  ],
  lwoh: [
    { key: 'abs_person_year', count: 1, reported: 13360 }, // L4035-4041 "Support from Accommodation-Based Service: £13,360"
  ],
  other: [
    { key: 'outpatient_visit', count: 1, reported: 110 }, // L4037 "One outpatient visit to hospital: £110"
    { key: 'inpatient_episode', count: 11, reported: 20490 }, // L4043 "11 inpatient visits to hospital: £20,490"
    { key: 'ae_attendance', count: 5, reported: 590 }, // L4047 "Five visits to A&E: £590"
    { key: 'arrest', count: 4, reported: 2840 }, // L4051 "Four arrests: £2,840"
    { key: 'court_other', count: 1, reported: 750 }, // L4055 "Court proceedings: £750"
    { key: 'therapy_session', count: 6, reported: 750 }, // L4056 "Six therapy sessions: £750"
    { key: 'da_worker_session', count: 4, reported: 500 }, // L4057-4058 "Four sessions with a drug and alcohol support worker: £500"
    { key: 'detox_attendance', count: 1, reported: 150 }, // L4059 "Attending detox: £150" (count not given; one attendance)
    { key: 'welfare_esa_hb_pip_year', count: 1, reported: 17680 }, // L4060-4061 "ESA, Housing Benefit and Personal Independence Payment: £17,680"
  ],
  reportedChange: 27000, // Table 7.4, L3835
};

describe('case studies: every table row priced with the library matches the report item to £10', () => {
  const tables: [string, Row[]][] = [
    ['Michelle before (Table 7.5)', michelle.before],
    ['Michelle LWoH (Table 7.5)', michelle.lwoh],
    ['Michelle other (Table 7.5)', michelle.other],
    ['Steve before (Table 7.6)', steve.before],
    ['Steve LWoH (Table 7.6)', steve.lwoh],
    ['Steve other, nine months (Table 7.6)', steve.otherNineMonths],
    ['Jeffrey before (Table 7.7)', jeffrey.before],
    ['Jeffrey LWoH (Table 7.7)', jeffrey.lwoh],
    ['Jeffrey other (Table 7.7)', jeffrey.other],
  ];
  for (const [name, rows] of tables) {
    it(name, () => {
      for (const r of rows) {
        // Every row is within one £10 rounding step of the report's figure.
        expect(Math.abs(r.count * lib[r.key].cost - r.reported), `${name}: ${r.key}`).toBeLessThanOrEqual(10);
      }
    });
  }
  it('the only row that does not round to the report figure is Steve\'s single £700 arrest (L3966), against £710 for 2 and 4 arrests', () => {
    const mismatches = tables.flatMap(([name, rows]) =>
      rows
        .filter((r) => toTen(r.count * lib[r.key].cost) !== r.reported)
        .map((r) => `${name}: ${r.count} ${r.key} = ${r.count * lib[r.key].cost} vs reported ${r.reported}`),
    );
    expect(mismatches).toEqual(['Steve before (Table 7.6): 1 arrest = 710 vs reported 700']);
  });
});

describe('case studies: the text\'s subtotals', () => {
  // Each is a sum of rows the report has already rounded to £10, so allow £10.
  it('Michelle: criminal justice £40,220 (L3890); LWoH £6,570 and other support £13,680 (L3894-3895)', () => {
    expect(Math.abs(costOfUse({ arrest: 2, court_burglary: 1, prison_month: 11 }, lib) - 40220)).toBeLessThanOrEqual(10);
    expect(Math.abs(cost(michelle.lwoh) - 6570)).toBeLessThanOrEqual(10);
    expect(Math.abs(cost(michelle.other) - 13680)).toBeLessThanOrEqual(10);
  });
  it('Steve: 19 hospital visits £10,950 before (L3948-3949); 8 visits £920 on LWoH (L3953); other support £2,770 over nine months (L3952-3953)', () => {
    expect(Math.abs(costOfUse({ outpatient_visit: 4, inpatient_episode: 5, ae_attendance: 10 }, lib) - 10950)).toBeLessThanOrEqual(10);
    expect(Math.abs(costOfUse({ outpatient_visit: 5, ae_attendance: 3 }, lib) - 920)).toBeLessThanOrEqual(10);
    // "Other support" here is GP + D&A + CPN (340 + 2,230 + 200 = 2,770): 342 + 2,232 + 204 = 2,778.
    expect(Math.abs(costOfUse({ gp_visit: 6, da_worker_session: 18, cpn_visit: 3 }, lib) - 2770)).toBeLessThanOrEqual(10);
  });
  it('Jeffrey: hospital £12,460 before and £21,190 after (L4016-4018); arrests and court £3,590 (L4018); therapy, detox and D&A £1,400 (L4019-4021)', () => {
    expect(Math.abs(costOfUse({ outpatient_visit: 1, inpatient_episode: 6, ae_attendance: 10 }, lib) - 12460)).toBeLessThanOrEqual(10);
    expect(Math.abs(costOfUse({ outpatient_visit: 1, inpatient_episode: 11, ae_attendance: 5 }, lib) - 21190)).toBeLessThanOrEqual(10);
    expect(Math.abs(costOfUse({ arrest: 4, court_other: 1 }, lib) - 3590)).toBeLessThanOrEqual(10);
    expect(Math.abs(costOfUse({ therapy_session: 6, detox_attendance: 1, da_worker_session: 4 }, lib) - 1400)).toBeLessThanOrEqual(10);
  });
});

describe('case studies: the year-1 change in cost reproduces Table 7.4 within the report\'s £100 rounding', () => {
  it('Michelle: -£29,000', () => {
    const before = cost(michelle.before); // 1,420 + 2,130 + 3,960 + 34,837 + 6,944 = 49,291
    const after = cost(michelle.lwoh) + cost(michelle.other); // 6,570 + 13,671 = 20,241
    const change = after - before; // -29,050
    expect(Math.abs(before - reportedSum(michelle.before))).toBeLessThanOrEqual(10);
    expect(Math.abs(change - michelle.reportedChange)).toBeLessThanOrEqual(100);
  });

  it('Jeffrey: +£27,000', () => {
    const before = cost(jeffrey.before); // 114 + 11,178 + 1,170 + 17,680 = 30,142
    const after = cost(jeffrey.lwoh) + cost(jeffrey.other); // 13,360 + 43,858 = 57,218
    const change = after - before; // +27,076
    expect(Math.abs(after - (reportedSum(jeffrey.lwoh) + reportedSum(jeffrey.other)))).toBeLessThanOrEqual(10);
    expect(Math.abs(change - jeffrey.reportedChange)).toBeLessThanOrEqual(100);
  });

  // Steve. The report says it multiplied "the costs of Steve's current service use and benefit payments by 1.3"
  // to cover nine months of data (L3955-3957), and gives the change as "around £6,900 lower" (L3958). Table 7.4
  // gives -£6,600 (L3793). The two figures cannot both come from one method, and neither comes from x1.3:
  //   before                            = 29,171  (report's rows: 29,170)
  //   nine months of other support      = 12,989  (report's rows: 12,980)
  //   x 1.3:   5,230 + 16,886 = 22,116  ->  -7,055  (report's rows: -7,066): about -£7,100, outside both figures
  //   x 12/9:  5,230 + 17,319 = 22,549  ->  -6,622  (report's rows: -6,633): Table 7.4's -£6,600
  // So the table figure is a straight annualisation of the nine months (x 12/9 = 1.333; "1.3" in the text
  // reads as that factor rounded). The ISS cost is already annual (L3951, L3976) and is not scaled.
  // The text's -£6,900 is not reproduced by any single factor applied to all nine-month costs. It would need
  // x 1.313, i.e. an after-year total of about £22,270. One split that gives it is benefits x 1.3 and
  // service use x 12/9 (report's rows: 5,230 + 10,231 + 6,813 = 22,274 -> -6,896). The report does not say
  // it did this, so the test does not assert it.
  const annualised = (factor: number): number => cost(steve.lwoh) + factor * cost(steve.otherNineMonths) - cost(steve.before);

  it('Steve: -£6,600 (Table 7.4) by annualising the nine months on LWoH x 12/9, within the stated -£6,600 to -£6,900', () => {
    expect(Math.abs(cost(steve.before) - reportedSum(steve.before))).toBeLessThanOrEqual(10);
    const change = annualised(12 / 9); // -6,622
    expect(Math.abs(change - steve.reportedChangeTable)).toBeLessThanOrEqual(100);
    expect(change).toBeGreaterThanOrEqual(steve.reportedChangeText);
    expect(change).toBeLessThanOrEqual(steve.reportedChangeTable);
  });

  it('Steve: the text\'s stated x1.3 gives about -£7,055, more than £100 beyond either reported figure (a report inconsistency)', () => {
    const change = annualised(1.3); // -7,055
    expect(change).toBeLessThan(steve.reportedChangeText - 100);
    expect(Math.abs(change - -7055)).toBeLessThan(5);
  });
});

describe('the unit-cost library', () => {
  const names = Object.keys(lib);

  it('is a valid economics section of the scenario format', () => {
    const r = economicsFileSchema.safeParse(doc.economics);
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
    expect(doc.economics.priceYear).toBe(2015);
  });

  it('has every required entry', () => {
    const required = [
      'gp_visit', 'ae_attendance', 'inpatient_episode', 'outpatient_visit', 'ambulance_callout', 'arrest', 'police_callout',
      'court_burglary', 'court_other', 'prison_month', 'prison_night', 'probation_month', 'burglary_victim_cost',
      'shoplifting_theft_year', 'rough_sleeping_night', 'hostel_night', 'eviction', 'detox_night', 'detox_attendance',
      'mental_health_inpatient_day', 'da_worker_session', 'cpn_visit', 'therapy_session', 'social_care_assessment',
      'welfare_esa_hb_year', 'welfare_esa_hb_lower_year', 'welfare_esa_hb_pip_month', 'welfare_esa_hb_pip_year',
      'iss_person_year', 'abs_person_year', 'new_beginnings_person_year',
    ];
    expect(required.filter((k) => !names.includes(k))).toEqual([]);
  });

  for (const name of names) {
    it(`${name}: provenance, agency, value type, cashable share, cost and price year`, () => {
      const u = lib[name];
      expect((u.source ?? '').trim().length + (u.assumption ?? '').trim().length, 'a source or an assumption').toBeGreaterThan(0);
      expect(agencies).toContain(u.agency);
      expect(valueTypes).toContain(u.valueType);
      expect(u.cashable).toBeGreaterThanOrEqual(0);
      expect(u.cashable).toBeLessThanOrEqual(1);
      expect(Number.isFinite(u.cost) && u.cost > 0).toBe(true);
      expect(Number.isInteger(u.priceYear)).toBe(true);
      expect(u.label.length).toBeGreaterThan(0);
      expect(u.per.length).toBeGreaterThan(0);
      // Sources cite reports as "000 L123", never a path on a machine.
      expect(`${u.source ?? ''} ${u.assumption ?? ''}`).not.toMatch(/\/work\/|\.txt\b/);
      // A figure with no source says plainly that it is an assumption.
      if (u.source === undefined) expect(u.assumption).toMatch(/^The figure is an assumption/);
    });
  }

  it('puts welfare in DWP as transfers, victim costs in society as social value, and programme costs at 100% cashable', () => {
    for (const [k, u] of Object.entries(lib)) {
      if (k.startsWith('welfare_')) expect([u.agency, u.valueType]).toEqual(['dwp', 'transfer']);
      if (u.agency === 'society') expect([u.valueType, u.cashable]).toEqual(['social', 0]);
      if (u.agency === 'programme') expect([u.valueType, u.cashable]).toEqual(['fiscal', 1]);
    }
  });
});

describe('costOfUse and costByAgency', () => {
  const small = {
    gp: { cost: 57, agency: 'nhs' as const },
    ae: { cost: 117, agency: 'nhs' as const },
    arrest: { cost: 710, agency: 'police' as const },
    prison_month: { cost: 3167, agency: 'justice' as const },
    hostel: { cost: 45, agency: 'housing' as const },
    esa: { cost: 8240, agency: 'dwp' as const },
    burglary: { cost: 2130, agency: 'society' as const },
    iss: { cost: 5230, agency: 'programme' as const },
  };

  it('splits a mixed basket by agency (hand-computed)', () => {
    const basket = { gp: 3, ae: 2, arrest: 1, prison_month: 2, hostel: 10, esa: 1, burglary: 1, iss: 0.5 };
    // nhs 3 x 57 + 2 x 117 = 171 + 234 = 405; police 710; justice 2 x 3,167 = 6,334; housing 10 x 45 = 450;
    // dwp 8,240; society 2,130; programme 0.5 x 5,230 = 2,615; social care 0. Total 20,884.
    expect(costByAgency(basket, small)).toEqual({
      programme: 2615,
      nhs: 405,
      police: 710,
      justice: 6334,
      housing: 450,
      'social-care': 0,
      dwp: 8240,
      society: 2130,
    });
    expect(costOfUse(basket, small)).toBe(20884);
  });

  it('splits a basket priced with the library the same way, and the parts sum to the total', () => {
    const basket = { gp_visit: 2, arrest: 1, court_other: 1, rough_sleeping_night: 30, social_care_assessment: 1, welfare_esa_hb_year: 1 };
    const split = costByAgency(basket, lib);
    // nhs 2 x 57 = 114; police 710; justice 750; housing 30 x 20 = 600; social care 300; dwp 8,240.
    expect(split).toEqual({ programme: 0, nhs: 114, police: 710, justice: 750, housing: 600, 'social-care': 300, dwp: 8240, society: 0 });
    expect(Object.values(split).reduce((a, b) => a + b, 0)).toBe(costOfUse(basket, lib));
  });

  it('prices an empty basket at zero', () => {
    expect(costOfUse({}, small)).toBe(0);
    expect(Object.values(costByAgency({}, small)).every((v) => v === 0)).toBe(true);
  });

  it('throws an Error naming an unknown unit-cost key', () => {
    expect(() => costOfUse({ gp: 1, a_and_e: 2 }, small)).toThrow(/unknown unit cost "a_and_e"/);
    expect(() => costByAgency({ taxi: 1 }, small)).toThrow(/unknown unit cost "taxi"/);
    // An inherited property is not a unit cost.
    expect(() => costOfUse({ toString: 1 }, small)).toThrow(/unknown unit cost "toString"/);
  });

  it('rejects negative or non-finite counts', () => {
    expect(() => costOfUse({ gp: -1 }, small)).toThrow(/"gp"/);
    expect(() => costOfUse({ gp: Number.NaN }, small)).toThrow(/"gp"/);
  });
});
