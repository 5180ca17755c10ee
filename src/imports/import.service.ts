// Importing a handover list (交办清单): read, validate every row, then file (and assign) the new problems through
// the machine in one transaction, so an imported problem has the same log as one filed and assigned by hand.
import { isComplaint } from '../../workflows/issue.rules.js';
import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { enteredOf } from '../issues/entered-fields.js';
import { senderOf } from '../issues/issues.service.js';
import { type BulkFiling, TransitionService } from '../issues/transition.service.js';
import { UnitsService } from '../units/units.service.js';
import { codesIn, type HandoverRow, type ImportRowError, validateHandoverInTurns } from './handover-rows.validator.js';
import { limitsOf, readHandoverSheet, UnreadableSheetError } from './handover-sheet.parser.js';
import { buildHandoverTemplate } from './handover-template.builder.js';
import { ImportRepository } from './import.repository.js';

export interface ImportReport {
  dryRun: boolean;
  /** Non-empty data rows in the list. */
  rows: number;
  created: number;
  /** Codes already filed, left as they are. */
  skipped: string[];
  /**
   * Row by row, in the list's order: NEW a problem filed (or, in a dry run, one that would be), ON_FILE a code already
   * filed, left as it is. Empty when the list is refused (errors).
   */
  lines: ImportLine[];
  errors: ImportRowError[];
}

export interface ImportLine {
  /** The row as the spreadsheet shows it. */
  row: number;
  code: string;
  status: 'NEW' | 'ON_FILE';
}

/** The report's lines: the rows to file and the rows on file, by row; `onFile` also holds codes a concurrent import filed first. */
function linesOf(
  toCreate: readonly HandoverRow[],
  skipped: readonly string[],
  skippedRows: readonly number[],
  onFile: ReadonlySet<string>,
): ImportLine[] {
  return [
    ...toCreate.map((r): ImportLine => ({
      row: r.rowNumber,
      code: r.code,
      status: onFile.has(r.code) ? 'ON_FILE' : 'NEW',
    })),
    ...skipped.map((code, i): ImportLine => ({ row: skippedRows[i], code, status: 'ON_FILE' })),
  ].sort((a, b) => a.row - b.row);
}

/** Dates resolved once per import, so every row of one list gets the same ones. */
interface ImportMoment {
  at: Date;
  immediateDueAt: Date | null;
  replyDueAt: Date | null;
}

const ASSIGN_COMMENT = '交办清单导入';

@Injectable()
export class ImportService {
  constructor(
    private readonly units: UnitsService,
    private readonly repository: ImportRepository,
    private readonly transitions: TransitionService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importList(file: Buffer, caller: Caller, options: { dryRun: boolean }): Promise<ImportReport> {
    // Refused as soon as the file passes a limit while it is read: nothing is looked up or written for it.
    const sheet = await readHandoverSheet(file, limitsOf(this.config)).catch((e: unknown) => {
      throw e instanceof UnreadableSheetError ? badInput(['file'], e.message) : e;
    });
    const at = this.clock.now();
    const [units, existingCodes] = await Promise.all([
      this.units.list(),
      this.repository.existingCodes(codesIn(sheet)),
    ]);
    const list = await validateHandoverInTurns(sheet, {
      units,
      existingCodes,
      now: at,
      maxRows: this.config.importMaxRows,
    });
    if (list.errors.length > 0) {
      throw new DomainError('BAD_USER_INPUT', `${describe(list.errors)}; nothing was imported`, {
        fields: ['file'],
        dryRun: options.dryRun,
        rows: list.rows,
        errors: list.errors,
      });
    }
    const report = { dryRun: options.dryRun, rows: list.rows, skipped: list.skipped, errors: [] };
    if (options.dryRun || list.toCreate.length === 0)
      return { ...report, created: 0, lines: linesOf(list.toCreate, list.skipped, list.skippedRows, new Set()) };

    const moment: ImportMoment = {
      at,
      immediateDueAt: list.toCreate.some((r) => r.deadline?.kind === 'IMMEDIATE')
        ? await this.calendar.endOfNextWorkingDay(at)
        : null,
      replyDueAt: list.toCreate.some((r) => isComplaint(r.source, r.complaintChannel !== null))
        ? await this.calendar.addWorkingDays(at, this.config.complaintReplyWorkingDays)
        : null,
    };
    // All rows in one transaction through the machine (TransitionService.fileMany): all or nothing.
    const written = await this.transitions.fileMany(
      list.toCreate.map((row) => filing(row, moment)),
      senderOf(caller),
      at,
    );
    const filed = new Set(written);
    const raced = list.toCreate.map((r) => r.code).filter((code) => !filed.has(code));
    return {
      ...report,
      created: written.length,
      skipped: [...list.skipped, ...raced],
      lines: linesOf(list.toCreate, list.skipped, list.skippedRows, new Set(raced)),
    };
  }

  /** The template, its example due at the end of June next year. */
  template(): Promise<Buffer> {
    const year = Number(shanghaiDate(this.clock.now()).slice(0, 4)) + 1;
    return buildHandoverTemplate(`${year}-06-30`);
  }
}

/** The row as a filing, assigned at once when it names a lead unit and a deadline. */
function filing(row: HandoverRow, moment: ImportMoment): BulkFiling {
  const complaint = isComplaint(row.source, row.complaintChannel !== null);
  const dueAt =
    row.deadline?.kind === 'DATE'
      ? row.deadline.dueAt
      : row.deadline?.kind === 'IMMEDIATE'
        ? moment.immediateDueAt
        : null;
  return {
    row: {
      code: row.code,
      source: row.source,
      title: row.title,
      description: row.description,
      category: row.category,
      ...enteredOf(row),
      longitude: row.longitude,
      latitude: row.latitude,
      coordinateSystem: row.coordinateSystem,
      parentId: null,
      complainantName: complaint ? row.complainantName : null,
      complainantPhone: complaint ? row.complainantPhone : null,
      complaintChannel: complaint ? row.complaintChannel : null,
      replyDueAt: complaint ? moment.replyDueAt : null,
    },
    assign:
      row.leadUnitId && row.deadline
        ? {
            type: 'assign',
            leadUnitId: row.leadUnitId,
            cooperatingUnitIds: row.cooperatingUnitIds,
            deadlineKind: row.deadline.kind,
            dueAt: dueAt ? dueAt.toISOString() : null,
            comment: ASSIGN_COMMENT,
          }
        : null,
  };
}

function describe(errors: readonly ImportRowError[]): string {
  const rows = new Set(errors.map((e) => e.row)).size;
  return `${errors.length} problem(s) in ${rows} row(s) of the list`;
}
