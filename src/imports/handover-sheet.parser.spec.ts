import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  deflatedPart,
  inlineRow,
  numberRow,
  piecewisePart,
  SHEET_HEAD,
  SHEET_TAIL,
  workbookParts,
  zipArchive,
} from '../../test/factories/zip-archive.factory.js';
import { readHandoverSheet, type SheetLimits, UnreadableSheetError } from './handover-sheet.parser.js';

const LIMITS: SheetLimits = { maxRows: 20_000, maxCells: 400_000, maxInflatedBytes: 64 * 1024 * 1024 };
const sheetOf = (xml: string) => zipArchive(workbookParts(SHEET_HEAD + xml + SHEET_TAIL));

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
      s.getRow(5).values = [
        1001,
        new Date('2026-06-30T00:00:00Z'),
        { richText: [{ text: '渗滤液' }, { text: '外溢', font: { bold: true } }] },
      ];
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

  it('refuses a workbook whose parts declare more than the limit, before inflating them', async () => {
    const bytes = await xlsx((s) => {
      s.getCell('A1').value = 'x'.repeat(10_000);
    });
    // Claim a huge sheet in the central directory (the local header still tells the truth).
    const name = bytes.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml'));
    expect(bytes.readUInt32LE(name - 46)).toBe(0x02014b50);
    bytes.writeUInt32LE(0xf0000000, name - 46 + 24);
    await expect(readHandoverSheet(bytes)).rejects.toThrow(/expands to too much/);
  });

  it('reads a sheet part as other writers write it: no r on rows or cells, prefixed elements, inline rich text', async () => {
    const xml =
      '<row><c t="inlineStr"><is><t>编号</t></is></c><c t="inlineStr"><is><t>问题</t></is></c></row>' +
      '<row r="4"><c t="inlineStr"><is><r><t>渗滤液</t></r><r><t>外溢</t></r><rPh><t>ふりがな</t></rPh></is></c><c r="C4"><v>7</v></c></row>';
    const prefixed = zipArchive(
      workbookParts(
        SHEET_HEAD.replace('<worksheet xmlns=', '<x:worksheet xmlns:x=').replace('<sheetData>', '<x:sheetData>') +
          '<x:row r="2"><x:c r="B2" t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>',
      ),
    );
    expect((await readHandoverSheet(sheetOf(xml))).rows).toEqual([
      { rowNumber: 1, cells: ['编号', '问题'] },
      { rowNumber: 4, cells: ['渗滤液外溢', null, 7] },
    ]);
    expect((await readHandoverSheet(prefixed)).rows).toEqual([{ rowNumber: 2, cells: [null, true] }]);
  });

  it('gives every cell of a merged range the value of its first cell, as Excel shows it', async () => {
    const bytes = await xlsx((s) => {
      s.getCell('A1').value = '第5批';
      s.mergeCells('A1:A3');
      s.getCell('B2').value = 'x';
    });
    expect((await readHandoverSheet(bytes)).rows).toEqual([
      { rowNumber: 1, cells: ['第5批'] },
      { rowNumber: 2, cells: ['第5批', 'x'] },
      { rowNumber: 3, cells: ['第5批'] },
    ]);
  });

  it('reads characters OOXML escapes (_xHHHH_), so a NUL in a cell reaches the validator', async () => {
    const xml = inlineRow(1, ['a_x0000_b', 'line_x000D_\nnext', 'kept _x005F_x0041_']);
    expect((await readHandoverSheet(sheetOf(xml))).rows[0].cells).toEqual(['a\u0000b', 'line\r\nnext', 'kept _x0041_']);
  });

  it('refuses a zip whose part inflates past the size it declares, without inflating the rest', async () => {
    // 1 GiB of spaces in the sheet, declared as 33 kB (the lying workbook).
    const spaces = Buffer.alloc(1024 * 1024, 0x20);
    const lying = piecewisePart(
      'xl/worksheets/sheet1.xml',
      [SHEET_HEAD, ...Array.from({ length: 1024 }, () => spaces), SHEET_TAIL],
      33_000,
    );
    // yauzl stops it at the first chunk past 33 kB: the error names the lie, not the budget.
    await expect(readHandoverSheet(zipArchive(workbookParts(lying)), LIMITS)).rejects.toThrow(
      /inflates to more than the zip declares/,
    );
  });

  it('counts what a zip inflates to, whatever it declares, and stops at the limit', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => inlineRow(i + 1, ['x'.repeat(100)])).join('');
    const bytes = sheetOf(rows);
    await expect(readHandoverSheet(bytes, { ...LIMITS, maxInflatedBytes: 20_000 })).rejects.toThrow(
      /expands to too much data to import \(more than 20 KiB\)/,
    );
    expect((await readHandoverSheet(bytes, { ...LIMITS, maxInflatedBytes: 100_000 })).rows).toHaveLength(400);
  });

  it('stops reading at the cell and row limits, counting the empty cells a row keeps before its last', async () => {
    const wide = sheetOf(
      numberRow(
        1,
        Array.from({ length: 50 }, () => 1),
      ) + '<row r="2"><c r="XFD2"><v>1</v></c></row>',
    );
    await expect(readHandoverSheet(wide, { ...LIMITS, maxCells: 16_000 })).rejects.toThrow(
      'A list may have at most 16000 cells; split it',
    );
    const rows = Array.from({ length: 31 }, (_, i) => numberRow(i + 1, [i]));
    await expect(readHandoverSheet(sheetOf(rows.join('')), { ...LIMITS, maxRows: 20 })).rejects.toThrow(
      'A list may have at most 20 rows; split it',
    );
    // Up to the limit of data rows, with the header rows allowed above them.
    expect(
      (await readHandoverSheet(sheetOf(rows.slice(0, 30).join('')), { ...LIMITS, maxRows: 20 })).rows,
    ).toHaveLength(30);
  });

  it('counts a shared text each time a cell uses it, and a merged range cell by cell', async () => {
    const strings = deflatedPart(
      'xl/sharedStrings.xml',
      `<sst xmlns="${'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}"><si><t>${'长'.repeat(1000)}</t></si></sst>`,
    );
    const parts = workbookParts(
      SHEET_HEAD +
        Array.from({ length: 200 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>0</v></c></row>`).join('') +
        SHEET_TAIL,
    );
    parts.push(strings);
    const rels = parts.findIndex((p) => p.name === 'xl/_rels/workbook.xml.rels');
    parts[rels] = deflatedPart(
      'xl/_rels/workbook.xml.rels',
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>' +
        '</Relationships>',
    );
    const shared = zipArchive(parts);
    expect((await readHandoverSheet(shared, LIMITS)).rows[199].cells).toEqual(['长'.repeat(1000)]);
    await expect(readHandoverSheet(shared, { ...LIMITS, maxInflatedBytes: 150_000 })).rejects.toThrow(/too much text/);

    const merged = sheetOf(
      inlineRow(1, ['x']) + '</sheetData><mergeCells><mergeCell ref="A1:B30000"/></mergeCells><sheetData>',
    );
    await expect(readHandoverSheet(merged, LIMITS)).rejects.toThrow(/at most 20000 rows/);
    await expect(readHandoverSheet(merged, { ...LIMITS, maxCells: 20_000 })).rejects.toThrow(/at most 20000 cells/);
  });

  it('stops reading CSV at the limits, and keeps a NUL in a cell for the validator to report', async () => {
    const csv = (rows: number, columns: number) =>
      Array.from({ length: rows }, () => Array(columns).fill('x').join(',')).join('\r\n');
    await expect(readHandoverSheet(Buffer.from(csv(31, 2)), { ...LIMITS, maxRows: 20 })).rejects.toThrow(
      'A list may have at most 20 rows; split it',
    );
    await expect(readHandoverSheet(Buffer.from(csv(10, 101)), { ...LIMITS, maxCells: 1000 })).rejects.toThrow(
      'A list may have at most 1000 cells; split it',
    );
    // Lines of empty cells (formatting Excel saved) are no rows.
    expect(
      (await readHandoverSheet(Buffer.from(`h\r\n${',,,\r\n'.repeat(100)}x\r\n`), { ...LIMITS, maxRows: 20 })).rows,
    ).toEqual([
      { rowNumber: 1, cells: ['h'] },
      { rowNumber: 102, cells: ['x'] },
    ]);
    const nul = await readHandoverSheet(Buffer.from('编号,问题\r\nZY-1,渗滤液\u0000外溢\r\n'));
    expect(nul.rows[1].cells).toEqual(['ZY-1', '渗滤液\u0000外溢']);
  });
});
