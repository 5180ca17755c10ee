// Every row of a handover list checked against the units and the problems already filed, before anything is
// written: the office gets the whole list of mistakes in one reply, and a list with any mistake writes nothing.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isComplaint } from '../../workflows/issue.rules.js';
import type { DeadlineKind, IssueSource } from '../../workflows/issue.types.js';
import { nextDay, startOfShanghaiDay } from '../common/shanghai-time.js';
import { isStorableText } from '../common/storable-text.js';
import { CODE_PATTERN as CODE } from '../common/validation.js';
import {
  checkCoordinates,
  type Coordinates,
  type CoordinateSystem,
  type CoordinatesInput,
} from '../issues/coordinates.js';
import {
  checkEntered,
  ENTERED_FIELDS,
  enteredLabel,
  enteredText,
  type EnteredValues,
} from '../issues/entered-fields.js';
import type { IssueCategory } from '../issues/issue.record.js';
import type { UnitRecord } from '../units/unit.record.js';
import { EXAMPLE_CODE, HANDOVER_HEADERS, HEADER_SEARCH_ROWS, type HandoverHeader } from './handover-columns.js';
import type { RawCell, RawRow, RawSheet } from './handover-sheet.parser.js';
import {
  cellText,
  normalizeHeader,
  parseCategory,
  parseDeadline,
  parseSource,
  splitUnitNames,
  TITLE_MAX,
  titleFrom,
} from './handover-values.parser.js';

/** More rows than any real list; a bound on the work one request may ask for (RECTIFY_IMPORT_MAX_ROWS by default). */
export const MAX_ROWS = 20_000;

/** The same rule as fileIssue's code, so an imported problem is found and filed alike. */
const MAX_LENGTH: Partial<Record<HandoverHeader, number>> = {
  问题描述: 5000,
  举报人: 100,
  联系电话: 50,
  投诉渠道: 50,
};
const UNSTORABLE = 'The cell contains U+0000 or a lone UTF-16 surrogate, which cannot be stored';
const COMPLAINANT_COLUMNS = ['举报人', '联系电话', '投诉渠道'] as const;

export interface ImportRowError {
  /** The row as the spreadsheet shows it. */
  row: number;
  /** The Chinese header of the column at fault; null when the row as a whole is. */
  column: HandoverHeader | null;
  reason: string;
}

export type RowDeadline = { kind: 'DATE'; dueAt: Date } | { kind: Exclude<DeadlineKind, 'DATE'> };

/** A row as it will be filed; its entered text fields (批次, 所在地, …) as fileIssue takes them. */
export interface HandoverRow extends EnteredValues {
  rowNumber: number;
  code: string;
  source: IssueSource;
  title: string;
  description: string;
  category: IssueCategory;
  /** With `deadline`, the problem is assigned on import; without both, only filed. */
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  deadline: RowDeadline | null;
  complainantName: string | null;
  complainantPhone: string | null;
  complaintChannel: string | null;
  longitude: number | null;
  latitude: number | null;
  coordinateSystem: CoordinateSystem | null;
}

export interface ValidationContext {
  units: readonly UnitRecord[];
  /** Codes already filed: their rows are skipped, so importing a list twice creates nothing new. */
  existingCodes: ReadonlySet<string>;
  /** The moment of the import: a dated deadline must be after it. */
  now: Date;
  /** Data rows a list may have; MAX_ROWS unless configured. */
  maxRows?: number;
}

export interface ValidatedList {
  /** Non-empty data rows. */
  rows: number;
  toCreate: HandoverRow[];
  skipped: string[];
  /** The row of each skipped code, in the same order. */
  skippedRows: number[];
  errors: ImportRowError[];
}

interface Layout {
  headerRow: number;
  columns: Map<HandoverHeader, number>;
  data: RawRow[];
}

/** Where the header row is and which column each header is in; errors when required columns are missing. */
function locate(sheet: RawSheet): { layout: Layout; errors: ImportRowError[] } {
  const known = new Set<string>(HANDOVER_HEADERS);
  const candidates = sheet.rows.slice(0, HEADER_SEARCH_ROWS);
  const header =
    candidates.find((r) => r.cells.filter((c) => known.has(normalizeHeader(c))).length >= 2) ?? sheet.rows[0];
  const headerRow = header?.rowNumber ?? 1;
  const columns = new Map<HandoverHeader, number>();
  const errors: ImportRowError[] = [];
  header?.cells.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    if (!known.has(name)) return; // other columns (序号, 备注 …) are the team's own
    const h = name as HandoverHeader;
    if (columns.has(h)) errors.push({ row: headerRow, column: h, reason: `The column ${h} appears more than once` });
    else columns.set(h, index);
  });
  const missing: HandoverHeader[] = (['编号', '来源', '类别'] as const).filter((h) => !columns.has(h));
  if (!columns.has('问题描述') && !columns.has('问题')) missing.push('问题描述');
  for (const h of missing) {
    const alt = h === '问题描述' ? ' (or 问题)' : '';
    errors.push({ row: headerRow, column: h, reason: `The required column ${h}${alt} is missing` });
  }
  const data = header
    ? sheet.rows.filter((r) => r.rowNumber > headerRow && r.cells.some((c) => cellText(c) !== ''))
    : [];
  return { layout: { headerRow, columns, data }, errors };
}

/** The codes the list names, to look up which are filed already. */
export function codesIn(sheet: RawSheet): string[] {
  const { layout } = locate(sheet);
  const col = layout.columns.get('编号');
  if (col === undefined) return [];
  // Only what could be a code is looked up (a NUL would fail the query); the row of anything else reports it.
  const codes = layout.data
    .filter((r) => isStorableText(rawText(r.cells[col] ?? null)))
    .map((r) => cellText(r.cells[col]));
  return [...new Set(codes.filter((c) => CODE.test(c)))];
}

export function validateHandover(sheet: RawSheet, context: ValidationContext): ValidatedList {
  const steps = validation(sheet, context);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** As validateHandover, with a turn of the event loop every ROWS_PER_TURN rows: 20,000 rows do not hold up other requests. */
export async function validateHandoverInTurns(sheet: RawSheet, context: ValidationContext): Promise<ValidatedList> {
  const steps = validation(sheet, context);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

const ROWS_PER_TURN = 500;

/** The checks, pausing (yield) every ROWS_PER_TURN rows. */
function* validation(sheet: RawSheet, context: ValidationContext): Generator<void, ValidatedList> {
  const { layout, errors } = locate(sheet);
  const rows = layout.data.length;
  if (errors.length > 0) return { rows, toCreate: [], skipped: [], skippedRows: [], errors };
  if (rows === 0) {
    return {
      rows,
      toCreate: [],
      skipped: [],
      skippedRows: [],
      errors: [{ row: layout.headerRow, column: null, reason: 'The list has no rows under its header' }],
    };
  }
  const maxRows = context.maxRows ?? MAX_ROWS;
  if (rows > maxRows) {
    return {
      rows,
      toCreate: [],
      skipped: [],
      skippedRows: [],
      errors: [{ row: layout.headerRow, column: null, reason: `A list may have at most ${maxRows} rows; split it` }],
    };
  }
  const mapped = [...layout.columns.keys()];
  const units = new UnitLookup(context.units);
  const firstRowOfCode = new Map<string, number>();
  const toCreate: HandoverRow[] = [];
  const skipped: string[] = [];
  const skippedRows: number[] = [];
  let checked = 0;
  for (const raw of layout.data) {
    if (++checked % ROWS_PER_TURN === 0) yield;
    const cell = (h: HandoverHeader): RawCell => {
      const index = layout.columns.get(h);
      return index === undefined ? null : (raw.cells[index] ?? null);
    };
    const text = (h: HandoverHeader): string => cellText(cell(h));
    const fail = (column: HandoverHeader | null, reason: string) => errors.push({ row: raw.rowNumber, column, reason });
    const required = <T>(h: HandoverHeader, parse: (s: string) => T | null, what: string): T | null => {
      const value = text(h);
      if (value === '') {
        fail(h, 'The cell is empty');
        return null;
      }
      const parsed = parse(value);
      if (parsed === null) fail(h, `${quoted(value)} ${what}`);
      return parsed;
    };
    const storable = (h: HandoverHeader) => isStorableText(rawText(cell(h)));
    const before = errors.length;

    const code = text('编号');
    if (!storable('编号')) {
      fail('编号', UNSTORABLE);
    } else if (code === '') {
      fail('编号', 'The cell is empty');
    } else if (firstRowOfCode.has(code)) {
      fail('编号', `The code ${clip(code)} is already on row ${firstRowOfCode.get(code)}`);
      continue;
    } else {
      firstRowOfCode.set(code, raw.rowNumber);
      if (context.existingCodes.has(code)) {
        skipped.push(code);
        skippedRows.push(raw.rowNumber);
        continue; // filed before: nothing in this row will be written, so nothing in it can be wrong
      }
      if (code === EXAMPLE_CODE) {
        fail(null, "This is the template's example row; replace it with a real problem or delete it");
        continue;
      }
      if (!CODE.test(code)) fail('编号', 'A code is 1 to 64 letters, digits, "-", "_" or "."');
    }

    // PostgreSQL could not store these cells as written; the rest of the row is not worth judging until they are fixed.
    const unstorable = mapped.filter((h) => h !== '编号' && !storable(h));
    if (unstorable.length > 0) {
      for (const h of unstorable) fail(h, UNSTORABLE);
      continue;
    }

    const source = required(
      '来源',
      parseSource,
      'is not a known source (中央…, 市级…, 暗访…, 专项…, 举报/信访/12345/12369, 自查/举一反三)',
    );
    const category = required(
      '类别',
      parseCategory,
      'is not a category (大气, 水, 土壤, 固体废物, 噪声, 生态, 辐射, 其他)',
    );

    const short = text('问题');
    const long = text('问题描述');
    const description = long || short;
    if (description === '') fail(layout.columns.has('问题描述') ? '问题描述' : '问题', 'The cell is empty');
    if (longerThan(description, MAX_LENGTH.问题描述!))
      fail(long ? '问题描述' : '问题', `Longer than ${MAX_LENGTH.问题描述} characters`);
    // 问题 is the title when given; a long one is summarised like a description rather than refused.
    const title = short && !longerThan(short, TITLE_MAX) ? short : titleFrom(description);

    const entered = checkEntered(Object.fromEntries(ENTERED_FIELDS.map((f) => [f, text(enteredLabel(f))])));
    if ('problems' in entered)
      for (const p of entered.problems) {
        const tooLong = `Longer than ${enteredText(p.field).maxLength} characters`;
        fail(enteredLabel(p.field), p.reason === 'TOO_LONG' ? tooLong : p.message);
      }
    for (const h of COMPLAINANT_COLUMNS) {
      if (longerThan(text(h), MAX_LENGTH[h]!)) fail(h, `Longer than ${MAX_LENGTH[h]} characters`);
    }
    // A complaint: 来源 举报/信访/12345/12369, or any source with its 投诉渠道 (a complaint handed over in a round).
    if (source !== null && !isComplaint(source, text('投诉渠道') !== '')) {
      for (const h of COMPLAINANT_COLUMNS) {
        if (text(h) !== '')
          fail(h, 'Only a complaint (来源 举报/信访/12345/12369, or a 投诉渠道 given) has a complainant');
      }
    }

    const leadText = text('牵头单位');
    const coopText = text('配合单位');
    const deadlineCell = cell('整改时限');
    const hasDeadline = cellText(deadlineCell) !== '';
    const lead = leadText === '' ? null : units.resolve(leadText);
    if (lead && 'error' in lead) fail('牵头单位', lead.error);
    const coop: string[] = [];
    for (const name of splitUnitNames(coopText)) {
      const unit = units.resolve(name);
      if ('error' in unit) fail('配合单位', unit.error);
      else if (lead && 'id' in lead && unit.id === lead.id)
        fail('配合单位', `${clip(name)} is the lead unit (牵头单位)`);
      else if (!coop.includes(unit.id)) coop.push(unit.id);
    }
    if (leadText === '' && (hasDeadline || coopText !== ''))
      fail('牵头单位', 'The cell is empty, but the row has a 整改时限 or 配合单位');

    let deadline: RowDeadline | null = null;
    if (hasDeadline) {
      const parsed = parseDeadline(deadlineCell);
      if (parsed === null) {
        fail(
          '整改时限',
          `${quoted(cellText(deadlineCell))} is not a date (2026-06-30, 2026/6/30, 2026年6月30日), 立行立改 or 长期坚持`,
        );
      } else if (parsed.kind === 'DATE') {
        // Due at the end of that day in Asia/Shanghai.
        const dueAt = startOfShanghaiDay(nextDay(parsed.day));
        if (dueAt.getTime() <= context.now.getTime()) fail('整改时限', `${parsed.day} is not in the future`);
        else deadline = { kind: 'DATE', dueAt };
      } else {
        deadline = { kind: parsed.kind };
      }
    } else if (leadText !== '') {
      fail('整改时限', 'The cell is empty, but the row has a 牵头单位');
    }

    const place = coordinatesOf(text);
    if ('problems' in place) for (const p of place.problems) fail(p.column, p.message);

    if (errors.length > before || source === null || category === null || 'problems' in place || 'problems' in entered)
      continue;
    toCreate.push({
      rowNumber: raw.rowNumber,
      code,
      source,
      title,
      description,
      category,
      ...entered.value,
      leadUnitId: lead && 'id' in lead ? lead.id : null,
      cooperatingUnitIds: coop,
      deadline,
      complainantName: text('举报人') || null,
      complainantPhone: text('联系电话') || null,
      complaintChannel: text('投诉渠道') || null,
      ...place.value,
    });
  }
  return { rows, toCreate: errors.length > 0 ? [] : toCreate, skipped, skippedRows, errors };
}

const COORDINATE_COLUMNS: Record<keyof CoordinatesInput, HandoverHeader> = {
  longitude: '经度',
  latitude: '纬度',
  coordinateSystem: '坐标系',
};

/** 坐标系 as people write it; null for anything else. */
function parseCoordinateSystem(s: string): CoordinateSystem | null {
  const k = s.replace(/[\s_-]/g, '').toUpperCase();
  if (['WGS84', 'GPS', '大地坐标'].includes(k)) return 'WGS84';
  if (['GCJ02', '国测局', '火星坐标', '高德', '腾讯'].includes(k)) return 'GCJ02';
  return null;
}

/** The row's place, checked by the same rules as fileIssue (coordinates.ts), its refusals in Chinese by column. */
function coordinatesOf(
  text: (h: HandoverHeader) => string,
): { value: Coordinates } | { problems: { column: HandoverHeader; message: string }[] } {
  const problems: { column: HandoverHeader; message: string }[] = [];
  const number = (h: HandoverHeader): number | null => {
    const t = text(h);
    if (t === '') return null;
    if (!/^[+-]?\d+(\.\d+)?$/.test(t)) {
      problems.push({ column: h, message: `“${clip(t)}”不是数字（如 107.0991）` });
      return null;
    }
    return Number(t);
  };
  const longitude = number('经度');
  const latitude = number('纬度');
  const systemText = text('坐标系');
  const coordinateSystem = systemText === '' ? null : parseCoordinateSystem(systemText);
  if (systemText !== '' && coordinateSystem === null)
    problems.push({ column: '坐标系', message: `“${clip(systemText)}”不是坐标系（WGS84 或 GCJ02）` });
  if (problems.length > 0) return { problems };
  const checked = checkCoordinates({ longitude, latitude, coordinateSystem });
  if ('problems' in checked)
    return { problems: checked.problems.map((p) => ({ column: COORDINATE_COLUMNS[p.field], message: p.message })) };
  return checked;
}

/** Units by code (exact, then ignoring case) or by name; a name several units share must be given as a code. */
class UnitLookup {
  private readonly byCode = new Map<string, UnitRecord>();
  private readonly byUpperCode = new Map<string, UnitRecord[]>();
  private readonly byName = new Map<string, UnitRecord[]>();

  constructor(units: readonly UnitRecord[]) {
    for (const u of units) {
      this.byCode.set(u.code, u);
      push(this.byUpperCode, u.code.toUpperCase(), u);
      push(this.byName, u.name.trim(), u);
    }
  }

  resolve(text: string): { id: string } | { error: string } {
    const exact = this.byCode.get(text);
    if (exact) return { id: exact.id };
    const named = this.byName.get(text) ?? this.byUpperCode.get(text.toUpperCase()) ?? [];
    if (named.length === 1) return { id: named[0].id };
    if (named.length > 1) return { error: `${named.length} units are named ${clip(text)}; give its code` };
    return { error: `No unit named or coded ${clip(text)}` };
  }
}

/** More than `max` characters (code points), without making an array of them: most cells are far shorter. */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let chars = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // The high half of a surrogate pair starts a character; its low half does not.
    if (c < 0xdc00 || c > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff)
      chars++;
    if (chars > max) return true;
  }
  return false;
}

/** A cell's own text, before cellText trims it (and drops NUL): what would be stored. */
function rawText(cell: RawCell): string {
  return typeof cell === 'string' ? cell : '';
}

/** Reasons quote a cell's text; a long one is cut, so a reply stays small however many rows repeat it. */
const QUOTE_MAX = 60;

function clip(text: string): string {
  if (text.length <= QUOTE_MAX) return text;
  const chars = Array.from(text.slice(0, QUOTE_MAX * 2));
  return text.length <= QUOTE_MAX * 2 && chars.length <= QUOTE_MAX
    ? text
    : `${chars.slice(0, QUOTE_MAX - 1).join('')}…`;
}

function quoted(text: string): string {
  return `"${clip(text)}"`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
