/**
 * Units in scenario files: durations such as "6 months" become years, rates such as
 * "0.04 per month" become per year. Parsing never throws on user input; it returns
 * the value or a precise problem (what was expected, what was found, how to fix it).
 */

/** Units per year. A year is 365.25 days, a month 1/12 year, a quarter 1/4 year, a week 7 days. */
export const perYear = {
  day: 365.25,
  week: 365.25 / 7,
  month: 12,
  quarter: 4,
  year: 1,
} as const;

export type TimeUnit = keyof typeof perYear;
export const timeUnits = Object.keys(perYear) as TimeUnit[];

/** Why a unit value could not be read: the wording goes straight into a scenario problem. */
export interface UnitProblem {
  message: string;
  expected: string;
  found: string;
  hint?: string;
}

export type UnitResult = { ok: true; value: number } | { ok: false; problem: UnitProblem };

const NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)`;
const unitAlternatives = timeUnits.map((u) => `${u}s?`).join('|');

/** JSON Schema / RegExp source for a duration: a number, spaces, a unit (singular or plural). */
export const durationPattern = `^${NUMBER}\\s+(?:${unitAlternatives})$`;
/** JSON Schema / RegExp source for a rate: a number, "per", a singular unit. */
export const ratePattern = `^${NUMBER}\\s+per\\s+(?:${timeUnits.join('|')})$`;

const unitList = 'day, week, month, quarter or year';
const numberOnly = new RegExp(`^\\s*${NUMBER}\\s*$`);
const numberAndRest = new RegExp(`^\\s*(${NUMBER})\\s*(.*?)\\s*$`);
const durationRe = new RegExp(durationPattern);
const rateRe = new RegExp(ratePattern);

/** Longest part of a text a message quotes: a message shows what was found, never a whole file. */
export const MAX_QUOTED = 60;

/** Text as a message quotes it: in JSON quotes (control characters escaped), cut to MAX_QUOTED characters with its length told. */
export function quote(s: string): string {
  if (s.length <= MAX_QUOTED) return JSON.stringify(s);
  return `${JSON.stringify(`${s.slice(0, MAX_QUOTED - 1)}…`)} (${String(s.length).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} characters)`;
}

/** Shows a found value the way the user wrote it: text quoted (at most MAX_QUOTED characters of it), numbers bare, infinities as YAML writes them. */
export function showFound(x: unknown): string {
  if (typeof x === 'string') return quote(x);
  if (typeof x === 'number' && !Number.isFinite(x)) return Number.isNaN(x) ? '.nan' : x > 0 ? '.inf' : '-.inf';
  if (x === null || x === undefined) return 'nothing';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'a map';
  return String(x);
}

/** The unit a word names ("Months" → month), or undefined. */
function unitOf(word: string): TimeUnit | undefined {
  const w = word.toLowerCase();
  return timeUnits.find((u) => w === u || w === `${u}s`);
}

/** A close unit name for a misspelling ("mnths" → "months"), by edit distance ≤ 2. */
function closeUnit(word: string): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  for (const u of timeUnits) {
    for (const cand of [u, `${u}s`]) {
      const d = editDistance(w, cand);
      if (d < bestD) [best, bestD] = [cand, d];
    }
  }
  return best;
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function fail(problem: UnitProblem): UnitResult {
  return { ok: false, problem };
}

/** The problem with a number that a unit field cannot take: .inf or .nan, or one written with an exponent ("1e308"); undefined when there is none. */
function numberProblem(input: unknown, expected: string, example: string): UnitResult | undefined {
  const found = showFound(input);
  if (typeof input === 'number' && !Number.isFinite(input)) {
    return fail({ message: `expected ${expected}; found ${found}, which is not a finite number`, expected, found, hint: `write a number in digits with its unit, e.g. "${example}"` });
  }
  if (typeof input === 'string' && new RegExp(`^\\s*${NUMBER}e[+-]?\\d`, 'i').test(input)) {
    return fail({ message: `expected ${expected}; found ${found}, a number with an exponent`, expected, found, hint: `write the number in plain digits, without "e" notation, e.g. "${example}"` });
  }
  return undefined;
}

/** How a unit parser words the problems `numberThenRest` finds. */
interface Wording {
  expected: string;
  /** A well-written value, e.g. "6 months". */
  example: string;
  /** The problem with a number written without its unit. */
  bare: (n: string) => UnitResult;
  /** The fix when the value is not text at all, and when it does not start with digits. */
  asText: string;
  inDigits: string;
}

/** What both unit parsers read first: the number and the rest of the text, or the problem when they cannot. */
function numberThenRest(input: unknown, w: Wording): { num: string; rest: string; text: string } | { failed: UnitResult } {
  const found = showFound(input);
  const bad = numberProblem(input, w.expected, w.example);
  if (bad) return { failed: bad };
  if (typeof input === 'number') return { failed: w.bare(String(input)) };
  if (typeof input !== 'string') return { failed: fail({ message: `expected ${w.expected}; found ${found}`, expected: w.expected, found, hint: w.asText }) };
  if (numberOnly.test(input)) return { failed: w.bare(input.trim()) };
  const m = numberAndRest.exec(input);
  if (!m) return { failed: fail({ message: `expected ${w.expected}; found ${found}`, expected: w.expected, found, hint: w.inDigits }) };
  return { num: m[1], rest: m[2], text: input };
}

/**
 * The value, when the text is written exactly as the pattern (and so the
 * JSON Schema) says; otherwise a problem that shows how to write it. So every
 * text the parser reads matches the pattern, and no message shows a pattern.
 */
function asWritten(input: string, pattern: RegExp, canonical: string, expected: string, value: number): UnitResult {
  const found = showFound(input);
  if (!Number.isFinite(value)) return fail({ message: `expected ${expected}; found ${found}, which is too large a number`, expected, found, hint: 'check the number; write it in plain digits' });
  if (pattern.test(input)) return { ok: true, value };
  return fail({ message: `expected ${expected}; found ${found}`, expected, found, hint: `write "${canonical}": the number, a space, then the unit` });
}

/** Parses a duration such as "196 days" or "1.5 years" into years. */
export function parseDuration(input: unknown): UnitResult {
  const expected = 'a duration with a unit, such as "6 months"';
  const found = showFound(input);
  const missingUnit = (n: string): UnitResult =>
    fail({
      message: `expected ${expected}; found ${found}`,
      expected,
      found,
      hint: `add a unit (${unitList}), e.g. "${n} months" or "${n} years"; a bare number is ambiguous`,
    });
  const parts = numberThenRest(input, {
    expected,
    example: '6 months',
    bare: missingUnit,
    asText: 'write the time as text, e.g. duration: "6 weeks"',
    inDigits: 'start with a number written in digits, e.g. "6 months" rather than "six months"',
  });
  if ('failed' in parts) return parts.failed;
  const { num, rest: word, text } = parts;
  if (/^per\b/i.test(word) || word.includes('/')) {
    return fail({ message: `expected ${expected}; found the rate ${found}`, expected, found, hint: 'this field is a length of time, e.g. "6 months"; rates belong in `rate` fields' });
  }
  const unit = unitOf(word);
  if (/^fortnights?$/i.test(word)) {
    return fail({ message: `expected a unit of time (${unitList}); found ${JSON.stringify(word)} in ${found}`, expected: `a unit of time (${unitList})`, found, hint: `a fortnight is 2 weeks: write "${Number(num) * 2} weeks"` });
  }
  if (unit === undefined) {
    const close = closeUnit(word);
    return fail({
      message: `expected a unit of time (${unitList}); found ${JSON.stringify(word)} in ${found}`,
      expected: `a unit of time (${unitList})`,
      found,
      hint: close ? `did you mean "${num} ${close}"?` : `convert to one of ${unitList}, e.g. "${num} ${Number(num) === 1 ? 'week' : 'weeks'}"`,
    });
  }
  if (word !== unit && word !== `${unit}s`) {
    return fail({ message: `expected the unit in lower case; found ${found}`, expected: 'a unit in lower case', found, hint: `write "${num} ${word.toLowerCase()}"` });
  }
  return asWritten(text, durationRe, `${num} ${word}`, expected, Number(num) / perYear[unit]); // divide (not multiply by 1/12) so "6 months" is exactly 0.5
}

/** Parses a rate such as "160 per year" or "0.04 per month" into events per year. */
export function parseRate(input: unknown): UnitResult {
  const expected = 'a rate such as "160 per year"';
  const found = showFound(input);
  const missingPer = (n: string): UnitResult =>
    fail({ message: `expected ${expected}; found ${found}`, expected, found, hint: `say what the number is per: "${n} per year", "${n} per month", "${n} per week" or "${n} per day"` });
  const parts = numberThenRest(input, {
    expected,
    example: '160 per year',
    bare: missingPer,
    asText: 'write the rate as text, e.g. rate: "0.5 per month"',
    inDigits: 'start with a number written in digits, e.g. "3 per week"',
  });
  if ('failed' in parts) return parts.failed;
  const { num, rest, text } = parts;
  const per = /^(?:per\s+|\/\s*|(?:a|an|each)\s+)(.*)$/i.exec(rest);
  if (!per) {
    if (unitOf(rest) || closeUnit(rest)) {
      return fail({ message: `expected ${expected}; found the duration ${found}`, expected, found, hint: `a rate is a number per unit of time, e.g. "${num} per month"; for a mean time to an event use a duration field` });
    }
    return missingPer(num);
  }
  const word = per[1].trim();
  const unit = unitOf(word) ?? (closeUnit(word) as TimeUnit | undefined);
  const singular = unit?.replace(/s$/, '') as TimeUnit | undefined;
  if (singular && word === singular && /^per\s/.test(rest)) return asWritten(text, rateRe, `${num} per ${singular}`, expected, Number(num) * perYear[singular]);
  const canonical = singular && `${num} per ${singular}`;
  if (canonical) {
    return fail({ message: `expected ${expected}; found ${found}`, expected, found, hint: `write "${canonical}"` });
  }
  return fail({
    message: `expected a unit of time after "per" (${unitList}); found ${JSON.stringify(word)} in ${found}`,
    expected: `a unit of time after "per" (${unitList})`,
    found,
    hint: `convert to one of ${unitList}, e.g. "${num} per month"`,
  });
}
