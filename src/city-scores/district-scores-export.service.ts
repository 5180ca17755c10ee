// The city's ranking as its bulletin (各区县生态环境问题整改排名通报): the title with the period, the ranked table
// with each district's change of rank since the previous period (↑4 / ↓2 / —), and a note on the weights used. The
// same rows districtScores gives the caller, in the weekly bulletin's styles.
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Caller } from '../auth/caller.js';
import type { Period } from '../eco/eco-period.js';
import { parsePeriod } from '../eco/eco-period.js';
import type { ScoreWeights } from '../eco/eco-score.js';
import { BOX, HEADER_FILL, printable } from '../reports/weekly-export.service.js';
import { DistrictScoresService, type DistrictRanking, type DistrictScoreView } from './district-scores.service.js';

export const DISTRICT_SCORE_HEADERS = [
  '排名',
  '区县',
  '综合得分',
  '问题清单得分',
  '生态报表得分',
  '问题数',
  '已销号',
  '销号率',
  '按时率',
  '逾期',
  '反弹',
  '问责',
  '排名变化',
];
export const DISTRICT_SCORE_SHEET = '区县排名';

type Cell = string | number;

/** 2026-Q2 → 2026年第二季度, 2026 → 2026年度, 2026-09 → 2026年9月. */
export function periodText(p: Period): string {
  if (p.kind === 'YEAR') return `${p.year}年度`;
  if (p.kind === 'QUARTER') return `${p.year}年第${['一', '二', '三', '四'][p.index - 1]}季度`;
  return `${p.year}年${p.index}月`;
}

export const bulletinTitleOf = (p: Period): string => `各区县生态环境问题整改排名通报（${periodText(p)}）`;

/** ↑4 up four places, ↓2 down two, — the same place or no previous rank. */
export function rankChangeText(change: number | null): string {
  if (change === null || change === 0) return '—';
  return change > 0 ? `↑${change}` : `↓${-change}`;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The weights in the bulletin's words. */
export function weightsNote(w: ScoreWeights): string {
  const mix = w.listWeight + w.tableWeight;
  const rates = w.closureRateWeight + w.onTimeRateWeight;
  return (
    `评分说明：综合得分 = 问题清单得分 × ${pct(w.listWeight / mix)} + 生态报表得分 × ${pct(w.tableWeight / mix)} − 问责扣分（最低0分；` +
    `只有一项得分的，以该项计）。问题清单得分 = 销号率 × ${pct(w.closureRateWeight / rates)} + 按时率 × ` +
    `${pct(w.onTimeRateWeight / rates)}（百分制），每件逾期扣${w.overduePenalty}分，每次反弹扣${w.reboundPenalty}分。` +
    `生态报表得分：约束性指标权重${w.bindingWeight}、预期性指标权重${w.expectedWeight}，达标计满分，预警计` +
    `${w.atRiskCredit}，滞后及逾期未报计0。问责扣分：约谈每次${w.interviewPenalty}分，通报批评每次` +
    `${w.publicCriticismPenalty}分，问责每次${w.accountabilityPenalty}分。排名变化与上一期相比。`
  );
}

function rowCells(s: DistrictScoreView): Cell[] {
  return [
    s.rank ?? '',
    s.district.name,
    s.score ?? '',
    s.listScore ?? '',
    s.tableScore ?? '',
    s.problems,
    s.closed,
    s.closureRate,
    s.onTimeRate,
    s.overdue,
    s.rebounds,
    s.accountabilityActions,
    rankChangeText(s.rankChange),
  ];
}

@Injectable()
export class DistrictScoresExportService {
  constructor(private readonly scores: DistrictScoresService) {}

  build(period: string, caller: Caller): Promise<DistrictRanking> {
    return this.scores.ranking(period, caller);
  }

  async xlsx({ period, weights, rows }: DistrictRanking): Promise<Buffer> {
    const title = bulletinTitleOf(parsePeriod(period)!);
    const book = new ExcelJS.Workbook();
    book.creator = 'Rectify';
    book.title = title;
    const sheet = book.addWorksheet(DISTRICT_SCORE_SHEET);
    const width = DISTRICT_SCORE_HEADERS.length;
    const titleRow = sheet.addRow([title]);
    sheet.mergeCells(1, 1, 1, width);
    titleRow.height = 30;
    titleRow.getCell(1).font = { bold: true, size: 16 };
    titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    const head = sheet.addRow(DISTRICT_SCORE_HEADERS);
    head.font = { bold: true };
    head.eachCell((c) => ((c.fill = HEADER_FILL), (c.border = BOX), (c.alignment = { horizontal: 'center' })));
    for (const r of rows) {
      const line = sheet.addRow(rowCells(r));
      line.eachCell({ includeEmpty: true }, (c) => (c.border = BOX));
      const change = line.getCell(width);
      change.alignment = { horizontal: 'center' };
      if (r.rankChange !== null && r.rankChange !== 0)
        change.font = { color: { argb: r.rankChange > 0 ? 'FF008000' : 'FFC00000' } };
    }
    const note = sheet.addRow([weightsNote(weights)]);
    sheet.mergeCells(note.number, 1, note.number, width);
    note.height = 60;
    note.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    for (const col of [8, 9]) sheet.getColumn(col).numFmt = '0.0%';
    sheet.getColumn(2).width = 16;
    for (let col = 3; col <= width; col++) sheet.getColumn(col).width = col <= 5 ? 13 : 9;
    printable(sheet, title, 2);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}
