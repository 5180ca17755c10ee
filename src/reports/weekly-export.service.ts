// The weekly table as a spreadsheet: Chinese headers, rates as percentages, the total row, the overdue list.
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { IssueSource } from '../../workflows/issue.types.js';
import type { Caller } from '../auth/caller.js';
import { tableRowsFor } from '../auth/policy.js';
import { daysBetween, deadlineDay, shanghaiDate } from '../common/shanghai-time.js';
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
const LEVEL_LABELS: Record<string, string> = {
  NONE: '',
  WARNING: '预警',
  SUPERVISION: '督办',
  NAMED_SUPERVISION: '挂牌督办',
};

type Cell = string | number;

export interface WeeklyExport {
  report: ClosureReport;
  overdue: OverdueRow[];
}

@Injectable()
export class WeeklyExportService {
  constructor(
    private readonly reports: ClosureReportService,
    private readonly overdue: OverdueListQuery,
  ) {}

  async build(weekOf: string, sources: IssueSource[] | null, caller: Caller): Promise<WeeklyExport> {
    const scope = tableRowsFor(caller);
    const report = await this.reports.weekly(weekOf, { sources }, scope);
    return { report, overdue: await this.overdue.list(report.asOf, sources, scope.onlyUnitId) };
  }

  async xlsx({ report, overdue }: WeeklyExport): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = 'Rectify';
    const table = book.addWorksheet('周通报');
    table.addRow([`督察整改周通报（${shanghaiDate(report.periodStart)} 至 ${shanghaiDate(report.asOf)}）`]);
    table.addRow(TABLE_HEADERS).font = { bold: true };
    for (const row of [...report.rows, report.total]) table.addRow(tableCells(row, (rate) => rate));
    for (const col of [4, 6]) table.getColumn(col).numFmt = '0.0%';
    table.getColumn(1).width = 20;

    const late = book.addWorksheet('逾期问题');
    late.addRow(OVERDUE_HEADERS).font = { bold: true };
    for (const o of overdue) late.addRow(overdueCells(o, report.asOf));
    late.getColumn(2).width = 40;
    late.getColumn(3).width = 20;
    return Buffer.from(await book.xlsx.writeBuffer());
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

function overdueCells(o: OverdueRow, asOf: Date): Cell[] {
  const lastDay = deadlineDay(new Date(o.dueAt));
  const days = daysBetween(lastDay, shanghaiDate(asOf));
  return [o.code, o.title, o.unitName ?? '', lastDay, days, LEVEL_LABELS[o.escalationLevel] ?? o.escalationLevel];
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Quotes as RFC 4180 wants, and defuses spreadsheet formulas in text cells. */
function csvCell(v: Cell): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
