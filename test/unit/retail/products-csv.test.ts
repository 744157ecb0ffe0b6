import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../workers/retail/products/csv';
import { parsePesos } from '../../../workers/retail/products/pesos';

const records = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('parseCsv', () => {
  it('splits a plain comma file into records with their starting lines', () => {
    expect(records('a,b\n1,2\n3,4').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('detects ; when the header has more of them than commas, and tab likewise', () => {
    const semi = records('sku;name;price\nA;Remera, lisa;1,50');
    expect(semi.delimiter).toBe(';');
    expect(semi.records[1]!.fields).toEqual(['A', 'Remera, lisa', '1,50']);
    expect(records('sku\tname\nA\tB').delimiter).toBe('\t');
  });

  it('ignores delimiters inside quotes when detecting', () => {
    expect(records('"a;b;c",d\n1,2').delimiter).toBe(',');
  });

  it('unescapes doubled quotes and keeps delimiters and newlines inside quoted fields', () => {
    const table = records('a,b\n"say ""hi""","x,\ny"\nnext,row');
    expect(table.records[1]).toEqual({ line: 2, fields: ['say "hi"', 'x,\ny'] });
    expect(table.records[2]).toEqual({ line: 4, fields: ['next', 'row'] });
  });

  it('accepts CRLF, CR and LF line ends, a BOM, and a missing final newline', () => {
    const table = records('\uFEFFa,b\r\n1,2\r3,4\n5,6');
    expect(table.records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('skips blank lines and rows of empty fields but keeps trailing empty fields', () => {
    const table = records('a;b;c\n\n;;\n1;;\n');
    expect(table.records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 4, fields: ['1', '', ''] },
    ]);
  });

  it('keeps an empty quoted field as an empty string', () => {
    expect(records('a,b,c\n"",x,""').records[1]!.fields).toEqual(['', 'x', '']);
  });

  it.each([
    ['an unclosed quote', 'a,b\n1,"open\n2,3', 'line 2'],
    ['text after a closing quote', 'a,b\n"x"y,1', 'line 2'],
    ['a quote inside an unquoted field', 'a,b\n1,2\nab"c,3', 'line 3'],
  ])('refuses %s naming the line', (_label, text, line) => {
    const result = parseCsv(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('MALFORMED_CSV');
    expect(!result.ok && result.message).toContain(line);
  });
});

describe('parsePesos', () => {
  it.each([
    ['12500', 1250000],
    ['12500,5', 1250050],
    ['12500,50', 1250050],
    ['12.500', 1250000],
    ['12.500,50', 1250050],
    ['1.234.567,89', 123456789],
    ['12500.50', 1250050],
    ['12.5', 1250],
    ['$ 18.500', 1850000],
    [' 0 ', 0],
    ['0,99', 99],
    ['10000000000', 1_000_000_000_000],
  ])('reads %s as %i centavos', (text, centavos) => {
    expect(parsePesos(text)).toEqual({ ok: true, value: centavos });
  });

  it.each(['', 'abc', '-100', '12,500', '12.50.00', '1e5', '12 500', '12,5,0', '12.345,678', '1.23.456'])(
    'refuses "%s"',
    (text) => {
      const result = parsePesos(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/Invalid price/);
    },
  );

  it('refuses amounts above 10^12 centavos with the maximum in the message', () => {
    for (const text of ['10000000000,01', '99.999.999.999', '123456789012345']) {
      const result = parsePesos(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toContain('maximum');
    }
  });
});
