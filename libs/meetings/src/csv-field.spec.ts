import { parse } from 'csv-parse/sync';
import { csvField } from './csv-field';

/** What a CSV reader gets back from one field. */
const read = (field: string): string => parse(field, { relax_quotes: false })[0][0];

describe('csvField (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+cmd|\' /C calc\'!A0', `"'+1+cmd|' /C calc'!A0"`],
    ['-2+3', `"'-2+3"`],
    ['-12/KH-UBND', `"'-12/KH-UBND"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['  =1+1', `"'  =1+1"`],
    ['＝1+1', `"'＝1+1"`],
  ])('puts a quote before text starting like a formula and keeps it quoted: %j', (text, expected) => {
    expect(csvField(text)).toBe(expected);
    expect(read(csvField(text))).toBe(`'${text}`);
  });

  it('leaves other text as it is, quoting only a comma, a quote or a line break (RFC 4180)', () => {
    expect(csvField('30/KH-BCĐCĐS')).toBe('30/KH-BCĐCĐS');
    expect(csvField('Sở Văn hóa, Thể thao và Du lịch')).toBe('"Sở Văn hóa, Thể thao và Du lịch"');
    expect(csvField('Hội nghị "sơ kết"')).toBe('"Hội nghị ""sơ kết"""');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('')).toBe('');
  });

  it('writes numbers we write as numbers as they are, a negative one included', () => {
    expect(csvField(3)).toBe('3');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(33.33)).toBe('33.33');
    expect(() => csvField(Number.NaN)).toThrow('not a finite number');
  });
});
