import { describe, expect, it } from 'vitest';
import { csvCells, csvRow } from '../../engine/csv.ts';

describe('CSV cells', () => {
  it('guards text a spreadsheet would run as a formula (OWASP), and reads it back as written', () => {
    const text = ['=HYPERLINK("http://example.com","click")', '+1+1', '-2+3', '@SUM(A1)', '\tlead', '\rlead', "'=already", "''@twice", 'plain', "'quoted"];
    const line = csvRow(text);
    expect(line.split(',')[0]).toBe(`"'=HYPERLINK(""http://example.com""`);
    expect(csvRow(['-2+3'])).toBe(`"'-2+3"`);
    expect(csvRow(['@SUM(A1)'])).toBe(`"'@SUM(A1)"`);
    expect(csvRow(['plain', "'quoted"])).toBe(`plain,'quoted`);
    expect(csvCells(line)).toEqual(text);
  });

  it('leaves numbers as numbers, negative ones included, whether given as numbers or as text', () => {
    expect(csvRow([-3, -0.25, 1e-7, '-5', '-0.5e3', '+2', null, undefined, NaN])).toBe('-3,-0.25,1e-7,-5,-0.5e3,+2,,,');
    expect(csvRow(['-5 years'])).toBe(`"'-5 years"`);
  });
});
