// A handover list's bytes → rows of cells with the row numbers the spreadsheet shows. The format is found by
// content: an xlsx is a zip (PK…); anything else is read as CSV text in whatever encoding it turns out to be.
import ExcelJS from 'exceljs';
import { parseCsv, CsvSyntaxError } from './csv.parser.js';
import { decodeText, UndecodableTextError, type TextEncodingName } from './text.decoder.js';

/** What a cell may hold once read: text, or for xlsx a number, a date (date-formatted cell) or a boolean. */
export type RawCell = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based, as the spreadsheet shows it. */
  rowNumber: number;
  /** Index 0 is column A. */
  cells: RawCell[];
}

export interface RawSheet {
  format: 'xlsx' | 'csv';
  encoding: TextEncodingName | null;
  rows: RawRow[];
}

/** The file cannot be read as a list at all (as opposed to a list with bad rows). */
export class UnreadableSheetError extends Error {}

/** An xlsx may expand to far more than its size; refuse what would not fit comfortably in memory. */
export const MAX_XLSX_EXPANDED_BYTES = 256 * 1024 * 1024;

export async function readHandoverSheet(bytes: Buffer): Promise<RawSheet> {
  if (bytes.length === 0) throw new UnreadableSheetError('The file is empty');
  if (isZip(bytes)) return readXlsx(bytes);
  if (isOle(bytes)) throw new UnreadableSheetError('Old .xls files are not read; save the list as .xlsx or CSV');
  return readCsv(bytes);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOle(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

function readCsv(bytes: Buffer): RawSheet {
  let decoded;
  try {
    decoded = decodeText(bytes);
  } catch (e) {
    if (e instanceof UndecodableTextError) throw new UnreadableSheetError(`${e.message}; save the list as xlsx or CSV`);
    throw e;
  }
  // NUL never occurs in text a spreadsheet writes: this is some binary file.
  if (decoded.text.includes('\u0000')) throw new UnreadableSheetError('The file is neither an xlsx workbook nor CSV text');
  try {
    const rows = parseCsv(decoded.text).map((cells, i) => ({ rowNumber: i + 1, cells }));
    return { format: 'csv', encoding: decoded.encoding, rows };
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new UnreadableSheetError(e.message);
    throw e;
  }
}

async function readXlsx(bytes: Buffer): Promise<RawSheet> {
  const expanded = zipExpandedSize(bytes);
  if (expanded === null) throw new UnreadableSheetError('The file starts like an xlsx but is not a readable zip');
  if (expanded > MAX_XLSX_EXPANDED_BYTES) throw new UnreadableSheetError('The workbook expands to too much data to import');
  const book = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy of exactly the file's bytes is one.
    await book.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw new UnreadableSheetError('The file is a zip but not a readable xlsx workbook');
  }
  // The first sheet with anything on it: the template keeps its notes on a later sheet.
  const sheet = book.worksheets.find((s) => s.actualRowCount > 0);
  const rows: RawRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = cellValue(cell);
    });
    for (let c = 0; c < cells.length; c++) cells[c] ??= null; // eachCell leaves holes
    rows.push({ rowNumber, cells });
  });
  return { format: 'xlsx', encoding: null, rows };
}

/** A cell as the user typed it: a formula stays its text (never its cached result, never evaluated). */
export function cellValue(cell: Pick<ExcelJS.Cell, 'value' | 'formula'>): RawCell {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('formula' in v || 'sharedFormula' in v) return `=${cell.formula ?? ('formula' in v ? v.formula : v.sharedFormula)}`;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) {
    const text: unknown = v.text;
    // exceljs gives a hyperlink's text as rich text when the text is formatted.
    if (text && typeof text === 'object' && 'richText' in text) return (text as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    return String(text ?? '');
  }
  if ('error' in v) return v.error;
  return null;
}

/**
 * The total uncompressed size the zip's central directory declares, or null when there is no central directory.
 * A zip64 size (0xFFFFFFFF) counts as unbounded: no real handover list needs one.
 */
export function zipExpandedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEnd = Math.max(0, bytes.length - 22 - 0xffff);
  for (let eocd = bytes.length - 22; eocd >= minEnd; eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const entries = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    let total = 0;
    for (let k = 0; k < entries; k++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
      const size = view.getUint32(at + 24, true);
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return null;
}
