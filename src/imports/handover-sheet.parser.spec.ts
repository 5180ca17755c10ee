import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readHandoverSheet, UnreadableSheetError, zipExpandedSize } from './handover-sheet.parser.js';

async function xlsx(fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('清单'), book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readHandoverSheet', () => {
  it('reads an xlsx by its content, with the row numbers Excel shows', async () => {
    const bytes = await xlsx((s) => {
      s.getCell('A1').value = '交办问题清单';
      s.addRow([]);
      s.getRow(3).values = ['编号', '整改时限', '问题'];
      s.getRow(5).values = [1001, new Date('2026-06-30T00:00:00Z'), { richText: [{ text: '渗滤液' }, { text: '外溢', font: { bold: true } }] }];
    });
    const sheet = await readHandoverSheet(bytes);
    expect(sheet.format).toBe('xlsx');
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([1, 3, 5]);
    expect(sheet.rows[2].cells).toEqual([1001, new Date('2026-06-30T00:00:00Z'), '渗滤液外溢']);
  });

  it('keeps a formula cell as its text, never its cached result', async () => {
    const bytes = await xlsx((s) => {
      s.getCell('A1').value = { formula: 'HYPERLINK("http://x","y")', result: 'y' };
      s.getCell('B1').value = { formula: '1+1', result: 2 };
      s.getCell('C1').value = { text: '链接文字', hyperlink: 'http://example.org' };
    });
    const [row] = (await readHandoverSheet(bytes)).rows;
    expect(row.cells).toEqual(['=HYPERLINK("http://x","y")', '=1+1', '链接文字']);
  });

  it('reads the first sheet that has anything on it', async () => {
    const bytes = await xlsx((_empty, book) => {
      book.addWorksheet('第二张').getCell('A1').value = '编号';
    });
    const sheet = await readHandoverSheet(bytes);
    expect(sheet.rows[0].cells).toEqual(['编号']);
  });

  it('reads CSV in UTF-8 with a BOM and in GB18030 alike', async () => {
    const text = '编号,问题\r\nZY-1,"农村黑臭水体，整治不到位"\r\n';
    const utf8 = await readHandoverSheet(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const gb = await readHandoverSheet(iconv.encode(text, 'gb18030'));
    expect(utf8).toMatchObject({ format: 'csv', encoding: 'UTF-8' });
    expect(gb).toMatchObject({ format: 'csv', encoding: 'GB18030' });
    expect(gb.rows).toEqual(utf8.rows);
    expect(gb.rows[1]).toEqual({ rowNumber: 2, cells: ['ZY-1', '农村黑臭水体，整治不到位'] });
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['a zip that is not a workbook', Buffer.from('PK\u0003\u0004 not really a zip')],
    ['binary data', Buffer.from([0x00, 0x01, 0x02, 0x03])],
  ])('refuses %s', async (_, bytes) => {
    await expect(readHandoverSheet(bytes)).rejects.toBeInstanceOf(UnreadableSheetError);
  });

  it('sums the sizes a zip declares, to refuse one that would expand too far', async () => {
    const bytes = await xlsx((s) => {
      s.getCell('A1').value = 'x'.repeat(10_000);
    });
    const size = zipExpandedSize(bytes);
    expect(size).toBeGreaterThan(10_000);
    expect(zipExpandedSize(Buffer.from('PK\u0003\u0004 no directory'))).toBeNull();

    // Claim a huge entry in the central directory: refused before anything is inflated.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0xf0000000, central + 24);
    await expect(readHandoverSheet(bytes)).rejects.toThrow(/expands to too much/);
  });
});
