// The first sheet with anything on it of an xlsx workbook, read part by part as the zip inflates them, with a SAX
// parser (saxes): cells and rows are counted as they come and the read stops at the limits, so neither the size of
// the upload nor what the zip declares decides the memory an import takes. The cells read as exceljs's loader gave
// them (its date formats, its shared-formula sliding): dates in date-formatted cells, formulas as their text, rich
// text joined, a hyperlink as its text, merged cells all holding the first cell's value. Unlike exceljs, characters
// OOXML escapes (_x000D_, _x0000_) are restored, so what a cell holds is what the validator judges.
import excelUtils from 'exceljs/lib/utils/utils.js';
import sharedFormula from 'exceljs/lib/utils/shared-formula.js';
import NumFmtXform from 'exceljs/lib/xlsx/xform/style/numfmt-xform.js';
import { SaxesParser } from 'saxes';
import {
  type RawCell,
  type RawRow,
  SheetRowsCollector,
  type SheetLimits,
  tooManyCells,
  UnreadableSheetError,
} from './sheet-rows.collector.js';
import type { ZipArchive } from './zip-archive.reader.js';

/** Excel's grid and cell-format limits; sheets and relationships bounded far past any real workbook's. */
const MAX_STYLES = 65_536;
const MAX_SHEETS = 10_000;
const MAX_COLUMNS = 16_384;
const MAX_ROW_NUMBER = 1_048_576;

interface Relationship {
  type: string;
  /** The part it points at, as a zip path. */
  target: string;
}

interface WorkbookShape {
  date1904: boolean;
  /** In the order the workbook shows them. */
  sheetRelIds: string[];
}

interface SheetContext {
  strings: readonly string[];
  /** For each cell format (a cell's `s`), whether its number format shows a date. */
  dateStyles: readonly boolean[];
  date1904: boolean;
  limits: SheetLimits;
}

/** Rows of the workbook's first sheet that has a value in it; no rows when none has. */
export async function readXlsxRows(zip: ZipArchive, limits: SheetLimits): Promise<RawRow[]> {
  const packageRels = zip.has('_rels/.rels')
    ? await relationships(zip, '_rels/.rels', '')
    : new Map<string, Relationship>();
  const workbookPath =
    [...packageRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!zip.has(workbookPath)) throw new UnreadableSheetError('The file is a zip but not a readable xlsx workbook');
  const dir = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
  const rels = zip.has(relsPath) ? await relationships(zip, relsPath, dir) : new Map<string, Relationship>();
  const book = await workbookShape(zip, workbookPath);
  const partOf = (type: string) =>
    [...rels.values()].find((r) => r.type.endsWith(`/${type}`) && zip.has(r.target))?.target;
  const stylesPath = partOf('styles');
  const stringsPath = partOf('sharedStrings');
  const context: SheetContext = {
    dateStyles: stylesPath ? await dateStyles(zip, stylesPath) : [],
    strings: stringsPath ? await sharedStrings(zip, stringsPath, limits) : [],
    date1904: book.date1904,
    limits,
  };
  for (const id of book.sheetRelIds) {
    const rel = rels.get(id);
    if (!rel || !rel.type.endsWith('/worksheet') || !zip.has(rel.target)) continue; // a chart sheet, or missing
    const rows = await worksheetRows(zip, rel.target, context);
    if (rows.length > 0) return rows;
  }
  return [];
}

interface PartHandler {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text?(text: string): void;
}

/** Streams one part through saxes; element names without their prefix (x:c is c). Malformed XML is unreadable. */
async function parsePart(zip: ZipArchive, path: string, handler: PartHandler): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let malformed: Error | null = null;
  parser.on('error', (e) => {
    malformed ??= e;
  });
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));
  if (handler.text) {
    parser.on('text', handler.text);
    parser.on('cdata', handler.text);
  }
  const decoder = new TextDecoder('utf-8');
  const fail = () =>
    new UnreadableSheetError(`The file is a zip but not a readable xlsx workbook (${path} is not well-formed XML)`);
  for await (const chunk of zip.read(path)) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (malformed) throw fail();
  }
  parser.write(decoder.decode());
  parser.close();
  if (malformed) throw fail();
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

async function relationships(zip: ZipArchive, path: string, base: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  await parsePart(zip, path, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      if (rels.size >= MAX_SHEETS)
        throw new UnreadableSheetError('The file is a zip but not a readable xlsx workbook (too many relationships)');
      rels.set(a.Id, { type: a.Type ?? '', target: resolvePart(base, a.Target) });
    },
    close() {},
  });
  return rels;
}

/** A relationship's target as a zip path: relative to the part's folder, or from the root when it starts with /. */
function resolvePart(base: string, target: string): string {
  const segments: string[] = [];
  for (const s of (target.startsWith('/') ? target.slice(1) : base + target).split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

async function workbookShape(zip: ZipArchive, path: string): Promise<WorkbookShape> {
  const shape: WorkbookShape = { date1904: false, sheetRelIds: [] };
  await parsePart(zip, path, {
    open(name, a) {
      if (name === 'workbookPr') shape.date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet') return;
      if (shape.sheetRelIds.length >= MAX_SHEETS)
        throw new UnreadableSheetError('The file is a zip but not a readable xlsx workbook (too many sheets)');
      const id = Object.entries(a).find(([k]) => localName(k) === 'id' && k.includes(':'))?.[1];
      if (id) shape.sheetRelIds.push(id);
    },
    close() {},
  });
  return shape;
}

/** Which cell formats (cellXfs, by index) show a date: exceljs's rule on the format's code, built-in or custom. */
async function dateStyles(zip: ZipArchive, path: string): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  let inNumFmts = false;
  let inCellXfs = false;
  const tooMany = () =>
    new UnreadableSheetError('The file is a zip but not a readable xlsx workbook (too many cell formats)');
  await parsePart(zip, path, {
    open(name, a) {
      if (name === 'numFmts') inNumFmts = true;
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'numFmt' && inNumFmts) {
        if (custom.size >= MAX_STYLES) throw tooMany();
        custom.set(Number(a.numFmtId), a.formatCode ?? '');
      } else if (name === 'xf' && inCellXfs) {
        if (formatIds.length >= MAX_STYLES) throw tooMany();
        formatIds.push(Number(a.numFmtId) || 0);
      }
    },
    close(name) {
      if (name === 'numFmts') inNumFmts = false;
      else if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formatIds.map((id) => id !== 0 && excelUtils.isDateFmt(custom.get(id) ?? NumFmtXform.getDefaultFmtCode(id)));
}

/** The shared strings, runs joined, phonetic guides (rPh) left out; each counts as a cell towards the limit. */
async function sharedStrings(zip: ZipArchive, path: string, limits: SheetLimits): Promise<string[]> {
  const strings: string[] = [];
  let text: string | null = null;
  let capturing = false;
  let phonetic = 0;
  await parsePart(zip, path, {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && text !== null && phonetic === 0) capturing = true;
    },
    text(t) {
      if (capturing) text += t;
    },
    close(name) {
      if (name === 't') capturing = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && text !== null) {
        // More distinct texts than cells a list may have cannot all be in the list.
        if (strings.length >= limits.maxCells) throw tooManyCells(limits);
        strings.push(unescapeXstring(text));
        text = null;
      }
    },
  });
  return strings;
}

interface CellBeingRead {
  column: number;
  type: string | undefined;
  style: number;
  value: string | null;
  formula: string | null;
  sharedIndex: string | undefined;
  inline: string | null;
}

async function worksheetRows(zip: ZipArchive, path: string, context: SheetContext): Promise<RawRow[]> {
  const rows = new SheetRowsCollector(context.limits);
  const sharedFormulas = new Map<string, { formula: string; address: string }>();
  const merges: string[] = [];
  let inSheetData = false;
  let rowNumber = 0;
  let lastColumn = -1;
  let cell: CellBeingRead | null = null;
  let capture: 'value' | 'formula' | 'inline' | null = null;
  let inInline = false;
  let phonetic = 0;

  const valueOf = (c: CellBeingRead): RawCell => {
    if (c.formula !== null && (c.formula !== '' || c.sharedIndex !== undefined)) {
      const address = `${columnName(c.column)}${rowNumber}`;
      if (c.formula !== '') {
        if (c.sharedIndex !== undefined) sharedFormulas.set(c.sharedIndex, { formula: c.formula, address });
        return `=${c.formula}`;
      }
      const master = sharedFormulas.get(c.sharedIndex!);
      if (master) return `=${sharedFormula.slideFormula(master.formula, master.address, address)}`;
    }
    const v = c.value;
    switch (c.type) {
      case 's':
        return v === null ? null : (context.strings[Number.parseInt(v, 10)] ?? null);
      case 'inlineStr':
        return c.inline !== null ? unescapeXstring(c.inline) : v === null ? null : unescapeXstring(v);
      case 'str':
        return v === null ? null : unescapeXstring(v);
      case 'b':
        return v === null ? null : Number.parseInt(v, 10) !== 0;
      case 'e':
        return v;
      case 'd': {
        // An ISO 8601 date (strict OOXML); kept as written when it is not one.
        const date = v === null ? null : new Date(v);
        return date && !Number.isNaN(date.getTime()) ? date : v;
      }
      default: {
        if (v === null || v.trim() === '') return null;
        const n = Number.parseFloat(v);
        if (Number.isNaN(n)) return null;
        return context.dateStyles[c.style] ? excelUtils.excelToDate(n, context.date1904) : n;
      }
    }
  };

  await parsePart(zip, path, {
    open(name, a) {
      if (cell) {
        if (name === 'v') {
          capture = 'value';
          cell.value = '';
        } else if (name === 'f') {
          capture = 'formula';
          cell.formula = '';
          if (a.t === 'shared') cell.sharedIndex = a.si;
        } else if (name === 'is') {
          inInline = true;
          cell.inline = '';
        } else if (name === 'rPh' && inInline) {
          phonetic++;
        } else if (name === 't' && inInline && phonetic === 0) {
          capture = 'inline';
        }
        return;
      }
      if (name === 'sheetData') {
        inSheetData = true;
      } else if (name === 'row' && inSheetData) {
        // r is optional: a row without one follows the row before.
        const r = a.r === undefined ? Number.NaN : Number(a.r);
        rowNumber = Number.isInteger(r) && r >= 1 && r <= MAX_ROW_NUMBER ? r : rowNumber + 1;
        lastColumn = -1;
      } else if (name === 'c' && inSheetData && rowNumber > 0) {
        const column = a.r === undefined ? -1 : columnOf(a.r);
        lastColumn = column >= 0 ? column : lastColumn + 1;
        cell = {
          column: lastColumn,
          type: a.t,
          style: Number(a.s) || 0,
          value: null,
          formula: null,
          sharedIndex: undefined,
          inline: null,
        };
      } else if (name === 'mergeCell' && a.ref) {
        merges.push(a.ref);
      }
    },
    text(t) {
      if (!cell || capture === null) return;
      if (capture === 'value') cell.value += t;
      else if (capture === 'formula') cell.formula += t;
      else cell.inline += t;
    },
    close(name) {
      if (name === 'c' && cell) {
        rows.put(rowNumber, cell.column, valueOf(cell));
        cell = null;
        capture = null;
        inInline = false;
        phonetic = 0;
      } else if (name === 'v' || name === 'f' || name === 't') {
        capture = null;
      } else if (name === 'rPh' && inInline) {
        phonetic--;
      } else if (name === 'is') {
        inInline = false;
      } else if (name === 'sheetData') {
        inSheetData = false;
      }
    },
  });

  // As exceljs's loader does: every cell of a merged range holds the range's first cell's value.
  let merged = 0;
  for (const ref of merges) {
    const range = rangeOf(ref);
    if (!range) continue;
    merged += (range.bottom - range.top + 1) * (range.right - range.left + 1);
    if (merged > context.limits.maxCells) throw tooManyCells(context.limits);
    const first = rows.get(range.top, range.left);
    for (let r = range.top; r <= range.bottom; r++) {
      for (let c = range.left; c <= range.right; c++) {
        if (r === range.top && c === range.left) continue;
        if (first === null) rows.clear(r, c);
        else rows.put(r, c, first);
      }
    }
  }
  return rows.rows();
}

/** OOXML writes characters XML cannot hold (control characters) as _xHHHH_, and a literal "_x" as _x005F_x. */
function unescapeXstring(text: string): string {
  return text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
}

/** The 0-based column of a cell reference such as AB12; -1 when it is not one. */
function columnOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 || column > MAX_COLUMNS ? -1 : column - 1;
}

function rowOf(ref: string): number {
  const r = Number(/\d+$/.exec(ref)?.[0]);
  return Number.isInteger(r) && r >= 1 && r <= MAX_ROW_NUMBER ? r : -1;
}

function rangeOf(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [from, to] = ref.replace(/\$/g, '').split(':');
  if (!from || !to) return null;
  const [left, right, top, bottom] = [columnOf(from), columnOf(to), rowOf(from), rowOf(to)];
  if (left < 0 || right < left || top < 0 || bottom < top) return null;
  return { top, left, bottom, right };
}

function columnName(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
