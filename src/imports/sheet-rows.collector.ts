// The rows of a sheet as they are read, counted against the import's limits before anything is kept: what a file
// says about its size is never believed, so a list can only take as much memory as the limits allow.
import { HEADER_SEARCH_ROWS } from './handover-columns.js';

/** What a cell may hold once read: text, or for xlsx a number, a date (date-formatted cell) or a boolean. */
export type RawCell = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based, as the spreadsheet shows it. */
  rowNumber: number;
  /** Index 0 is column A. */
  cells: RawCell[];
}

/** The file cannot be read as a list at all (as opposed to a list with bad rows); the message is for the user. */
export class UnreadableSheetError extends Error {}

/** RECTIFY_IMPORT_MAX_ROWS, _MAX_CELLS and _MAX_INFLATED_BYTES (AppConfig's importMax…). */
export interface SheetLimits {
  /** Data rows, under the header. */
  maxRows: number;
  /** Cells kept, counting the empty ones between filled cells of a row (a row is kept as a dense array). */
  maxCells: number;
  /** Bytes a workbook may inflate to; also the characters its cells may hold, a shared text counted each time it is used. */
  maxInflatedBytes: number;
}

export function tooManyRows(limits: SheetLimits): UnreadableSheetError {
  return new UnreadableSheetError(`A list may have at most ${limits.maxRows} rows; split it`);
}

export function tooManyCells(limits: SheetLimits): UnreadableSheetError {
  return new UnreadableSheetError(`A list may have at most ${limits.maxCells} cells; split it`);
}

/** Rows by number, each kept once it has a value; refuses the file the moment a limit is passed. */
export class SheetRowsCollector {
  private readonly byNumber = new Map<number, RawCell[]>();
  private cells = 0;
  private textChars = 0;
  /** Title rows and the header are not data rows: allow for them here, the validator counts data rows exactly. */
  private readonly maxRows: number;

  constructor(private readonly limits: SheetLimits) {
    this.maxRows = limits.maxRows + HEADER_SEARCH_ROWS;
  }

  /** Sets a cell (0-based column); a null is not kept, so a row with only empty cells is no row at all. */
  put(rowNumber: number, column: number, value: RawCell): void {
    if (value === null) return;
    let cells = this.byNumber.get(rowNumber);
    const added = Math.max(0, column + 1 - (cells?.length ?? 0));
    // Counted before the row grows: a cell at column XFD must not allocate 16,384 slots past the limit first.
    if (this.cells + added > this.limits.maxCells) throw tooManyCells(this.limits);
    if (typeof value === 'string') {
      this.textChars += value.length;
      if (this.textChars > this.limits.maxInflatedBytes)
        throw new UnreadableSheetError('The cells of the list hold too much text to import');
    }
    if (!cells) {
      if (this.byNumber.size >= this.maxRows) throw tooManyRows(this.limits);
      cells = [];
      this.byNumber.set(rowNumber, cells);
    }
    while (cells.length < column) cells.push(null);
    cells[column] = value;
    this.cells += added;
  }

  get(rowNumber: number, column: number): RawCell {
    return this.byNumber.get(rowNumber)?.[column] ?? null;
  }

  /** Empties a cell kept before (a merged cell whose first cell is empty); no row is made for it. */
  clear(rowNumber: number, column: number): void {
    const cells = this.byNumber.get(rowNumber);
    if (cells && column < cells.length) cells[column] = null;
  }

  get isEmpty(): boolean {
    return this.byNumber.size === 0;
  }

  /** In the order of their numbers, as the spreadsheet shows them. */
  rows(): RawRow[] {
    return [...this.byNumber.entries()].sort(([a], [b]) => a - b).map(([rowNumber, cells]) => ({ rowNumber, cells }));
  }
}
