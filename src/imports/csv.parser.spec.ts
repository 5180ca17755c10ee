import { describe, expect, it } from '@jest/globals';
import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv.parser.js';

describe('parseCsv', () => {
  it('splits records on CRLF, LF and lone CR, without a record for the final line break', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quotes in one cell', () => {
    expect(parseCsv('编号,问题描述\r\nZY-1,"沟渠黑臭，""直排""\r\n第二行, 仍是同一格"\r\n')).toEqual([
      ['编号', '问题描述'],
      ['ZY-1', '沟渠黑臭，"直排"\r\n第二行, 仍是同一格'],
    ]);
  });

  it('counts a blank line as a row, as Excel shows it', () => {
    expect(parseCsv('h\n\nx\n')).toEqual([['h'], [''], ['x']]);
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(parseCsv('a,,c,\n')).toEqual([['a', '', 'c', '']]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
  });

  it('keeps a formula as plain text', () => {
    expect(parseCsv('"=HYPERLINK(""http://x"",""y"")",=1+1\n')).toEqual([['=HYPERLINK("http://x","y")', '=1+1']]);
  });

  it('refuses a quote that is never closed, naming the row it starts on', () => {
    expect(() => parseCsv('a\nb\n"never closed\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\nb\n"never closed\n')).toThrow(/Row 3/);
  });

  it('reads tab-separated text (Excel "Unicode text")', () => {
    expect(detectDelimiter('编号\t来源\t问题\n')).toBe('\t');
    expect(detectDelimiter('"a\tb",c\n')).toBe(',');
    expect(parseCsv('编号\t来源\nZY-1\t中央\n')).toEqual([
      ['编号', '来源'],
      ['ZY-1', '中央'],
    ]);
  });
});
