// The weekly table as a spreadsheet an office prints and sends: its title names the district, the week and the filter,
// 后进 units are marked, and each sheet prints one page wide in A4 landscape with a page header and footer.
import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { IssueSource } from '../../workflows/issue.types.js';
import type { AccountabilityRecord } from '../accountability/accountability.record.js';
import { AccountabilityRepository } from '../accountability/accountability.repository.js';
import type { Caller } from '../auth/caller.js';
import { maySeeAccountablePerson, tableRowsFor } from '../auth/policy.js';
import {
  ACCOUNTABILITY_KIND_LABELS,
  ESCALATION_LABELS,
  FINDING_LABELS,
  SOURCE_SHORT_LABELS,
} from '../common/labels.js';
import { SupervisionRepository, type OrderRecord } from '../supervision/supervision.repository.js';
import { complaintFigures } from './complaint-report.model.js';
import { ComplaintReportQuery, type RoundCounts } from './complaint-report.query.js';
import { addDays, daysBetween, deadlineDay, shanghaiDate } from '../common/shanghai-time.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DistrictsService } from '../districts/districts.service.js';
import { ClosureReportService, type ClosureReport, type ClosureRow } from './closure-report.service.js';
import { OverdueListQuery, type OverdueRow } from './overdue-list.query.js';

export const TABLE_HEADERS = [
  '单位',
  '问题总数',
  '已销号',
  '销号率',
  '按时完成',
  '按时率',
  '未完成',
  '逾期',
  '即将到期',
  '反弹',
  '本周新增',
  '本周销号',
  '排名',
];
export const OVERDUE_HEADERS = ['编号', '问题', '牵头单位', '整改时限', '逾期天数', '督办级别'];
export const SUPERVISION_SHEET = '督办问责';
export const SUPERVISION_HEADERS = ['日期', '类别', '单位', '对象', '文号', '涉及问题', '事由'];
export const ROUNDS_SHEET = '群众举报（按批次）';
export const ROUND_HEADERS = [
  '来源',
  '批次',
  '问题数',
  '已销号',
  '受理举报',
  '办结',
  '正在办理',
  '交办率',
  '按时反馈率',
  FINDING_LABELS.SUBSTANTIATED,
  FINDING_LABELS.PARTLY_SUBSTANTIATED,
  FINDING_LABELS.UNFOUNDED,
  '满意率',
  '责令改正',
  '立案',
  '罚款（元）',
];
type Cell = string | number;

/**
 * A line of 督办问责: what the office decided or ordered that week against a unit. Accountability records (约谈,
 * 通报批评, 问责) make rows today; supervision orders (督办单) add theirs the same way, with their own 类别.
 */
export interface SupervisionRow {
  /** 'YYYY-MM-DD', Asia/Shanghai: the day it was decided or issued. */
  day: string;
  /** 类别, e.g. 约谈. */
  kind: string;
  unitName: string;
  /** 对象: the person and post, '' when none was named or the reader may not see them. */
  person: string;
  documentNumber: string;
  problemCodes: string[];
  summary: string;
}

export interface WeeklyExport {
  /** The reader's district, as the title names it (empty: unnamed). */
  districtName: string;
  /** The sources the table is narrowed to; null: every source. */
  sources: IssueSource[] | null;
  report: ClosureReport;
  overdue: OverdueRow[];
  /** The week's 督办问责, by day. */
  supervision: SupervisionRow[];
  /** Complaints and enforcement by round, as of the table's moment (now, for the week running). */
  rounds: RoundCounts[];
}

/** An accountability record as a line of 督办问责; the person only for a reader who may see personal data. */
export function accountabilityRow(r: AccountabilityRecord, withPerson: boolean): SupervisionRow {
  const [name, post] = withPerson ? [r.personName, r.personPost] : [null, null];
  const person = name && post ? `${name}（${post}）` : (name ?? post ?? '');
  return {
    day: r.decidedOn,
    kind: ACCOUNTABILITY_KIND_LABELS[r.kind],
    unitName: r.unit.name,
    person,
    documentNumber: r.documentNumber,
    problemCodes: r.problems.map((p) => p.code),
    summary: r.reason,
  };
}

/** A supervision order issued or closed that week as a line of 督办问责. */
export function orderRow(o: OrderRecord & { unitName: string; codes: string[] }, from: Date, to: Date): SupervisionRow {
  const level = `${ESCALATION_LABELS[o.level]}单`;
  const closedThisWeek = o.closedAt !== null && o.closedAt >= from && o.closedAt < to;
  const standing = closedThisWeek
    ? `已办结（回复 ${o.replies} 次）`
    : o.status === 'REPLIED'
      ? '已回复，待审核'
      : `待回复，回复期限 ${deadlineDay(o.replyDueAt)}`;
  return {
    day: shanghaiDate(closedThisWeek ? o.closedAt! : o.issuedAt),
    kind: closedThisWeek ? `${level}办结` : o.automatic ? `${level}（自动）` : level,
    unitName: o.unitName,
    person: '',
    documentNumber: o.number,
    problemCodes: o.codes,
    summary: `${o.reasons}（${standing}）`,
  };
}

/** The bulletin's name for a week and a filter: "XX区督察整改周通报", its period, and the sources when narrowed. */
export function bulletinTitle(district: string, { report, sources }: Pick<WeeklyExport, 'report' | 'sources'>): string {
  // The whole week, as the page says it; a week still running says the day its figures are as of.
  const sunday = shanghaiDate(addDays(report.periodStart, 6));
  const asOf = shanghaiDate(report.asOf);
  const period = `${shanghaiDate(report.periodStart)} 至 ${sunday}${asOf < sunday ? `，截至 ${asOf}` : ''}`;
  return `${district}督察整改周通报（${period}${sources ? `；${sourceText(sources)}` : ''}）`;
}

const sourceText = (sources: IssueSource[]): string => sources.map((s) => SOURCE_SHORT_LABELS[s]).join('、');

/**
 * The download's Content-Disposition: named for the week's Monday and the filter, in ASCII for every client
 * (`weekly-<Monday>[-<sources>]`) and with the Chinese title for those that read RFC 6266's filename* (browsers do).
 */
export function bulletinDisposition({ report, sources }: WeeklyExport, extension: 'xlsx' | 'csv'): string {
  const monday = shanghaiDate(report.periodStart);
  const ascii = `weekly-${monday}${sources ? `-${sources.join('+')}` : ''}.${extension}`;
  const chinese = `督察整改周通报-${monday}${sources ? `-${sourceText(sources)}` : ''}.${extension}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`;
}

/**
 * The zip's deflate at its fastest level: JSZip deflates in JavaScript, and at its default level that was much of the
 * time left of a bulletin with a long overdue sheet; the file is about a quarter larger, its content the same.
 */
const FAST_DEFLATE = { compression: 'DEFLATE', compressionOptions: { level: 1 } } as const;

const LAGGING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E2' } };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF999999' } };
export const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** A4 landscape, one page wide, the rows up to `titleRows` repeated on every page, numbered in the footer. */
export function printable(sheet: ExcelJS.Worksheet, header: string, titleRows: number): void {
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `1:${titleRows}`,
  };
  // & starts a code in a header: a district's name is text.
  sheet.headerFooter = {
    oddHeader: `&L${header.replace(/&/g, '&&')}&R&D`,
    oddFooter: '&C第 &P 页，共 &N 页',
  };
}

@Injectable()
export class WeeklyExportService {
  constructor(
    private readonly reports: ClosureReportService,
    private readonly overdue: OverdueListQuery,
    private readonly accountability: AccountabilityRepository,
    private readonly orders: SupervisionRepository,
    private readonly complaints: ComplaintReportQuery,
    private readonly clock: Clock,
    private readonly districts: DistrictsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(weekOf: string, sources: IssueSource[] | null, caller: Caller): Promise<WeeklyExport> {
    const scope = tableRowsFor(caller);
    const report = await this.reports.weekly(weekOf, { sources }, scope);
    // Monday to Sunday of the week; the source filter is the table's: a record concerns a unit, not a source.
    const monday = shanghaiDate(report.periodStart);
    const weekEnd = addDays(report.periodStart, 7);
    const [districtName, overdue, records, orders, rounds] = await Promise.all([
      this.districts.nameOf(caller.districtId),
      this.overdue.list(report.asOf, sources, scope.onlyUnitId),
      this.accountability.decidedBetween(monday, shanghaiDate(addDays(report.periodStart, 6)), scope.onlyUnitId),
      this.orders.ordersBetween(report.periodStart, weekEnd, scope.onlyUnitId),
      this.complaints.rounds(
        { sources, batch: null, unitId: scope.onlyUnitId },
        report.asOf,
        this.config.complaintAssignDays,
        this.clock.now(),
      ),
    ]);
    const withPerson = maySeeAccountablePerson(caller);
    // Orders and accountability by day (a sort that keeps each day's order as read).
    const supervision = [
      ...orders.map((o) => orderRow(o, report.periodStart, weekEnd)),
      ...records.map((r) => accountabilityRow(r, withPerson)),
    ].sort((a, b) => a.day.localeCompare(b.day));
    return { districtName, sources, report, overdue, supervision, rounds: [...rounds.rounds, rounds.total] };
  }

  async xlsx(data: WeeklyExport): Promise<Buffer> {
    const { report, overdue } = data;
    const title = bulletinTitle(data.districtName, data);
    const book = new ExcelJS.Workbook();
    book.creator = 'Rectify';
    book.title = title;

    const table = book.addWorksheet('周通报');
    const titleRow = table.addRow([title]);
    table.mergeCells(1, 1, 1, TABLE_HEADERS.length);
    titleRow.height = 30;
    titleRow.getCell(1).font = { bold: true, size: 16 };
    titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    const head = table.addRow(TABLE_HEADERS);
    head.font = { bold: true };
    head.eachCell((c) => ((c.fill = HEADER_FILL), (c.border = BOX), (c.alignment = { horizontal: 'center' })));
    for (const row of [...report.rows, report.total]) {
      const line = table.addRow(tableCells(row, (rate) => rate));
      line.eachCell({ includeEmpty: true }, (c) => (c.border = BOX));
      if (row.lagging)
        line.eachCell({ includeEmpty: true }, (c) => ((c.fill = LAGGING_FILL), (c.font = { bold: true })));
      if (!row.unit) line.font = { bold: true };
    }
    const lagging = report.rows.filter((r) => r.lagging).map((r) => r.unit?.name ?? '');
    if (lagging.length > 0) {
      table.addRow([`后进单位（排名末三位，底色标出）：${lagging.join('、')}`]).font = {
        bold: true,
        color: { argb: 'FFC00000' },
      };
      table.mergeCells(table.rowCount, 1, table.rowCount, TABLE_HEADERS.length);
    }
    for (const col of [4, 6]) table.getColumn(col).numFmt = '0.0%';
    table.getColumn(1).width = 22;
    for (let col = 2; col <= TABLE_HEADERS.length; col++) table.getColumn(col).width = 10;
    printable(table, title, 2);

    const late = book.addWorksheet('逾期问题');
    // The columns first, so that every row made after them carries the problem column's alignment.
    const wrapped: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
    late.getColumn(1).width = 16;
    late.getColumn(2).width = 48;
    late.getColumn(2).alignment = wrapped;
    late.getColumn(3).width = 20;
    late.getColumn(4).width = 12;
    const lateHead = late.addRow(OVERDUE_HEADERS);
    lateHead.font = { bold: true };
    lateHead.eachCell((c) => ((c.fill = HEADER_FILL), (c.border = BOX)));
    // One style object per column, shared by every row: the writer resolves a style object it has seen before by
    // identity, where a style of each cell's own is rendered to XML to be told apart (most of the workbook's time for
    // a sheet of thousands of rows). The styles are the same as boxing each cell.
    const boxed: Partial<ExcelJS.Style> = { border: BOX };
    const styles = OVERDUE_HEADERS.map((_, i) => (i === 1 ? { border: BOX, alignment: wrapped } : boxed));
    const today = shanghaiDate(report.asOf);
    for (const o of overdue) {
      const line = late.addRow(overdueCells(o, today));
      for (let col = 0; col < styles.length; col++) line.getCell(col + 1).style = styles[col];
    }
    printable(late, `${title} 逾期问题`, 1);

    const orders = book.addWorksheet(SUPERVISION_SHEET);
    const ordersHead = orders.addRow(SUPERVISION_HEADERS);
    ordersHead.font = { bold: true };
    ordersHead.eachCell((c) => ((c.fill = HEADER_FILL), (c.border = BOX)));
    for (const r of data.supervision)
      orders.addRow(supervisionCells(r)).eachCell({ includeEmpty: true }, (c) => (c.border = BOX));
    if (data.supervision.length === 0) orders.addRow(['本周无']);
    for (const [col, width] of [12, 10, 20, 24, 22, 22, 48].entries()) orders.getColumn(col + 1).width = width;
    for (const col of [6, 7]) orders.getColumn(col).alignment = { wrapText: true, vertical: 'top' };
    printable(orders, `${title} ${SUPERVISION_SHEET}`, 1);

    const rounds = book.addWorksheet(ROUNDS_SHEET);
    const roundsHead = rounds.addRow(ROUND_HEADERS);
    roundsHead.font = { bold: true };
    roundsHead.eachCell((c) => ((c.fill = HEADER_FILL), (c.border = BOX), (c.alignment = { wrapText: true })));
    for (const r of data.rounds) {
      const line = rounds.addRow(roundCells(r));
      line.eachCell({ includeEmpty: true }, (c) => (c.border = BOX));
      if (r.source === null) line.font = { bold: true };
    }
    for (const col of [8, 9, 13]) rounds.getColumn(col).numFmt = '0.0%';
    rounds.getColumn(2).width = 36;
    rounds.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
    printable(rounds, `${title} ${ROUNDS_SHEET}`, 1);
    return Buffer.from(await book.xlsx.writeBuffer({ zip: FAST_DEFLATE }));
  }

  /** CSV with a BOM, which Excel on a Chinese desktop needs to read UTF-8. */
  csv({ report }: WeeklyExport): string {
    const lines = [TABLE_HEADERS, ...[...report.rows, report.total].map((r) => tableCells(r, percent))];
    return '\ufeff' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }
}

function tableCells(r: ClosureRow, rate: (x: number) => Cell): Cell[] {
  return [
    r.unit?.name ?? '合计',
    r.total,
    r.closed,
    rate(r.closureRate),
    r.completedOnTime,
    rate(r.onTimeRate),
    r.open,
    r.overdue,
    r.dueSoon,
    r.rebounds,
    r.filedInPeriod,
    r.closedInPeriod,
    r.rank ?? '',
  ];
}

/** `today`: the Shanghai day of the table's moment. */
function overdueCells(o: OverdueRow, today: string): Cell[] {
  const lastDay = deadlineDay(new Date(o.dueAt));
  const days = daysBetween(lastDay, today);
  const level = o.escalationLevel === 'NONE' ? '' : (ESCALATION_LABELS[o.escalationLevel] ?? o.escalationLevel);
  return [o.code, o.title, o.unitName ?? '', lastDay, days, level];
}

/** A round's line: its problems, its complaints' figures (rates as fractions), its enforcement outcomes. */
export function roundCells(r: RoundCounts): Cell[] {
  const c = complaintFigures(r.complaints);
  return [
    r.source === null ? '合计' : SOURCE_SHORT_LABELS[r.source],
    r.source === null ? '' : (r.batch ?? '（未注明批次）'),
    r.problems,
    r.closedProblems,
    c.received,
    c.closed,
    c.inProgress,
    c.assignmentRate,
    c.onTimeReplyRate,
    c.substantiated,
    c.partlySubstantiated,
    c.unfounded,
    c.satisfactionRate,
    r.enforcement.ordersToCorrect,
    r.enforcement.casesOpened,
    r.enforcement.fineYuan,
  ];
}

function supervisionCells(r: SupervisionRow): Cell[] {
  return [r.day, r.kind, r.unitName, r.person, r.documentNumber, r.problemCodes.join('、'), r.summary];
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Quotes as RFC 4180 wants, and defuses spreadsheet formulas in text cells. */
function csvCell(v: Cell): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
