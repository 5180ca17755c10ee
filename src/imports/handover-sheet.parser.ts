// A handover list's bytes → rows of cells with the row numbers the spreadsheet shows. The format is found by
// content: an xlsx is a zip (PK…); anything else is read as CSV text in whatever encoding it turns out to be. Either
// way the rows and cells are counted as they are read and the file is refused as soon as it passes a limit.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadConfig } from '../config/config.js';
import { csvRecords, CsvSyntaxError, detectDelimiter } from './csv.parser.js';
import { SheetRowsCollector, type RawRow, type SheetLimits, UnreadableSheetError } from './sheet-rows.collector.js';
import { decodeText, UndecodableTextError, type TextEncodingName } from './text.decoder.js';
import { readXlsxRows } from './xlsx-sheet.reader.js';
import { ZipArchive, ZipArchiveError, ZipBudgetError } from './zip-archive.reader.js';

export { type RawCell, type RawRow, type SheetLimits, UnreadableSheetError } from './sheet-rows.collector.js';

export interface RawSheet {
  format: 'xlsx' | 'csv';
  encoding: TextEncodingName | null;
  rows: RawRow[];
}

/** The import's limits as configured (RECTIFY_IMPORT_MAX_ROWS, _CELLS, _INFLATED_BYTES). */
export function limitsOf(config: {
  importMaxRows: number;
  importMaxCells: number;
  importMaxInflatedBytes: number;
}): SheetLimits {
  return {
    maxRows: config.importMaxRows,
    maxCells: config.importMaxCells,
    maxInflatedBytes: config.importMaxInflatedBytes,
  };
}

/** CSV records between turns of the event loop, so a large file does not hold up other requests. */
const CSV_RECORDS_PER_TURN = 2_000;

/** `limits` default to the configuration's defaults. */
export async function readHandoverSheet(
  bytes: Buffer,
  limits: SheetLimits = limitsOf(loadConfig({})),
): Promise<RawSheet> {
  if (bytes.length === 0) throw new UnreadableSheetError('The file is empty');
  if (isZip(bytes)) return { format: 'xlsx', encoding: null, rows: await readXlsx(bytes, limits) };
  if (isOle(bytes)) throw new UnreadableSheetError('Old .xls files are not read; save the list as .xlsx or CSV');
  return readCsv(bytes, limits);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOle(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

async function readCsv(bytes: Buffer, limits: SheetLimits): Promise<RawSheet> {
  let decoded;
  try {
    decoded = decodeText(bytes);
  } catch (e) {
    if (e instanceof UndecodableTextError) throw new UnreadableSheetError(`${e.message}; save the list as xlsx or CSV`);
    throw e;
  }
  if (looksBinary(decoded.text)) throw new UnreadableSheetError('The file is neither an xlsx workbook nor CSV text');
  const rows = new SheetRowsCollector(limits);
  try {
    let rowNumber = 0;
    for (const record of csvRecords(decoded.text, detectDelimiter(decoded.text))) {
      rowNumber++;
      // A record of empty fields (a blank line, or ",,," where Excel saved formatting) is no row, as in an xlsx.
      if (record.some((field) => field !== '')) record.forEach((field, column) => rows.put(rowNumber, column, field));
      if (rowNumber % CSV_RECORDS_PER_TURN === 0) await nextTurn();
    }
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new UnreadableSheetError(e.message);
    throw e;
  }
  return { format: 'csv', encoding: decoded.encoding, rows: rows.rows() };
}

/**
 * Text a spreadsheet writes has control characters (other than tab and line breaks) seldom, and then in a cell or
 * two, which the validator reports by row; a file where they are common is some binary file that happened to decode.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  // eslint-disable-next-line no-control-regex -- counting control characters is how a binary file is told apart
  const controls = sample.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0;
  return controls * 20 > sample.length;
}

async function readXlsx(bytes: Buffer, limits: SheetLimits): Promise<RawRow[]> {
  const tooMuch = () =>
    new UnreadableSheetError(
      `The workbook expands to too much data to import (more than ${mebibytes(limits.maxInflatedBytes)})`,
    );
  try {
    const zip = await ZipArchive.open(bytes, limits.maxInflatedBytes);
    return await readXlsxRows(zip, limits);
  } catch (e) {
    if (e instanceof ZipBudgetError) throw tooMuch();
    if (e instanceof ZipArchiveError)
      throw new UnreadableSheetError(`The file is a zip but not a readable xlsx workbook: ${e.message}`);
    throw e;
  }
}

function mebibytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}
