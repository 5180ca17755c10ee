// The eco-report as a spreadsheet in the layout of the plan's table (专栏2), with the 一单一表 score on a second sheet.
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { UnitRecord } from '../units/unit.record.js';
import { baselineText, targetText } from './eco-labels.js';
import { EcoScoreService, type UnitScoreView } from './eco-score.service.js';
import { EcoTableService, type EcoRow } from './eco-table.service.js';
import type { EcoActor } from './eco.records.js';
import { ATTRIBUTE_LABELS, CATEGORY_LABELS, ECO_CATEGORIES, STATUS_LABELS } from './eco.types.js';

export const ECO_TABLE_HEADERS = [
  '类别',
  '序号',
  '指标名称',
  '指标属性',
  '基期值',
  '目标值',
  '本期值',
  '状态',
  '责任单位',
];
export const SCORE_HEADERS = [
  '排名',
  '单位',
  '综合得分',
  '问题清单得分',
  '生态报表得分',
  '问题总数',
  '销号率',
  '按时率',
  '逾期',
  '反弹',
  '考核指标',
  '达标指标',
  '问责扣分',
];
export const ECO_SHEET = '生态报表';
export const SCORE_SHEET = '一单一表得分';

type Cell = string | number;

export interface EcoExport {
  period: string;
  rows: EcoRow[];
  scores: UnitScoreView[];
}

@Injectable()
export class EcoExportService {
  constructor(
    private readonly table: EcoTableService,
    private readonly scores: EcoScoreService,
  ) {}

  /** The same rows and scores the caller would get from ecoTable and unitScores. */
  async build(period: string, caller: EcoActor): Promise<EcoExport> {
    const [table, scores] = await Promise.all([
      this.table.table({ periods: [period] }, caller),
      this.scores.scores(period, caller),
    ]);
    // 专栏2 groups its rows by category, in the plan's category order.
    const rows = [...table.rows].sort(
      (a, b) =>
        ECO_CATEGORIES.indexOf(a.indicator.category) - ECO_CATEGORIES.indexOf(b.indicator.category) ||
        a.indicator.seq - b.indicator.seq,
    );
    return { period, rows, scores };
  }

  async xlsx({ period, rows, scores }: EcoExport): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = 'Rectify';
    const sheet = book.addWorksheet(ECO_SHEET);
    sheet.addRow([`生态报表（${period}）`]);
    sheet.addRow(ECO_TABLE_HEADERS).font = { bold: true };
    let groupStart = 3;
    rows.forEach((row, n) => {
      sheet.addRow(tableCells(row));
      const rowNumber = 3 + n;
      const next = rows[n + 1];
      // One category cell per group, as the plan prints it.
      if (!next || next.indicator.category !== row.indicator.category) {
        if (rowNumber > groupStart) sheet.mergeCells(groupStart, 1, rowNumber, 1);
        groupStart = rowNumber + 1;
      }
    });
    sheet.getColumn(1).width = 14;
    sheet.getColumn(3).width = 44;
    sheet.getColumn(9).width = 40;
    sheet.getColumn(1).alignment = { vertical: 'middle' };

    const ranking = book.addWorksheet(SCORE_SHEET);
    ranking.addRow(SCORE_HEADERS).font = { bold: true };
    for (const s of scores) ranking.addRow(scoreCells(s));
    for (const col of [7, 8]) ranking.getColumn(col).numFmt = '0.0%';
    ranking.getColumn(2).width = 20;
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}

function tableCells(r: EcoRow): Cell[] {
  const i = r.indicator;
  const c = r.cells[0];
  // A contributor with a share is held to its share; every other row to the plan's target.
  const target =
    r.role === 'CONTRIBUTOR' && r.targetShare !== null
      ? targetText(i.direction, r.targetShare, null)
      : targetText(i.direction, i.finalTargetValue, i.finalTargetNote);
  return [
    CATEGORY_LABELS[i.category],
    i.seq,
    `${i.name}（${i.measureUnit}）`,
    ATTRIBUTE_LABELS[i.attribute],
    baselineText(i),
    target,
    c.value ?? '',
    STATUS_LABELS[c.status],
    responsible(i.units.map((u) => ({ unit: u.unit, lead: u.role === 'LEAD' }))),
  ];
}

function responsible(units: { unit: UnitRecord; lead: boolean }[]): string {
  return units.map((u) => (u.lead ? `${u.unit.name}（牵头）` : u.unit.name)).join('、');
}

function scoreCells(s: UnitScoreView): Cell[] {
  return [
    s.rank ?? '',
    s.unit.name,
    s.score ?? '',
    s.listScore ?? '',
    s.tableScore ?? '',
    s.problems,
    s.closureRate,
    s.onTimeRate,
    s.overdue,
    s.rebounds,
    s.judgedIndicators,
    s.onTrackIndicators,
    s.accountabilityDeduction,
  ];
}
