// The bulletin as an office prints it: the title names the district, the week and the filter; 后进 units are marked;
// each sheet prints one page wide in A4 landscape with its title rows repeated, a page header and numbered pages.
import { ManualClock } from '../common/clock.js';
import { describe, expect, it } from '@jest/globals';
import type { DistrictsService } from '../districts/districts.service.js';
import ExcelJS from 'exceljs';
import type { AccountabilityRecord } from '../accountability/accountability.record.js';
import type { AccountabilityRepository } from '../accountability/accountability.repository.js';
import type { AppConfig } from '../config/config.js';
import type { UnitRecord } from '../units/unit.record.js';
import {
  LAGGING_UNITS,
  rank,
  withRates,
  ZERO,
  type ClosureReport,
  type ClosureReportService,
  type ClosureRow,
} from './closure-report.service.js';
import type { SupervisionRepository } from '../supervision/supervision.repository.js';
import type { ComplaintReportQuery } from './complaint-report.query.js';
import type { OverdueListQuery } from './overdue-list.query.js';
import {
  accountabilityRow,
  bulletinDisposition,
  bulletinTitle,
  orderRow,
  ROUND_HEADERS,
  roundCells,
  ROUNDS_SHEET,
  SUPERVISION_HEADERS,
  SUPERVISION_SHEET,
  TABLE_HEADERS,
  WeeklyExportService,
  type WeeklyExport,
} from './weekly-export.service.js';

const unit = (code: string, name: string): UnitRecord => ({
  id: `id-${code}`,
  code,
  name,
  kind: 'TOWN',
  parentId: null,
});

const row = (u: UnitRecord | null, total: number, closed: number): ClosureRow =>
  withRates({ ...ZERO, total, closed, completedOnTime: closed }, u);

describe('后进: the lowest ranks of the table', () => {
  it(`marks the units in the last ${LAGGING_UNITS} places, ties with the last of them included`, () => {
    const ranked = rank([
      row(unit('A', '甲镇'), 10, 9),
      row(unit('B', '乙镇'), 10, 8),
      row(unit('C', '丙镇'), 10, 5),
      row(unit('D', '丁镇'), 10, 5),
      row(unit('E', '戊镇'), 10, 2),
      row(unit('F', '己镇'), 10, 1),
      row(unit('G', '庚镇'), 10, 0),
    ]);
    expect(ranked.map((r) => [r.unit?.name, r.rank, r.lagging])).toEqual([
      ['甲镇', 1, false],
      ['乙镇', 2, false],
      ['丙镇', 3, false],
      ['丁镇', 3, false],
      ['戊镇', 5, true],
      ['己镇', 6, true],
      ['庚镇', 7, true],
    ]);
    // A tie at the cut: both units sharing the third-last rank are named.
    const tied = rank([
      row(unit('A', '甲镇'), 4, 4),
      row(unit('B', '乙镇'), 4, 3),
      ...['丙镇', '丁镇', '戊镇'].map((n, i) => row(unit(`C${i}`, n), 4, 1)),
    ]);
    expect(tied.map((r) => [r.unit?.name, r.rank, r.lagging])).toEqual([
      ['甲镇', 1, false],
      ['乙镇', 2, false],
      ['丙镇', 3, true],
      ['丁镇', 3, true],
      ['戊镇', 3, true],
    ]);
  });

  it(`marks none while no more than ${LAGGING_UNITS} units are ranked`, () => {
    const ranked = rank([row(unit('A', '甲镇'), 3, 3), row(unit('B', '乙镇'), 3, 1), row(unit('C', '丙镇'), 3, 0)]);
    expect(ranked.map((r) => r.lagging)).toEqual([false, false, false]);
  });
});

describe('the weekly bulletin as xlsx', () => {
  const units = ['甲镇', '乙镇', '丙镇', '丁镇', '戊镇'].map((n, i) => unit(`U${i}`, n));
  const report: ClosureReport = {
    asOf: new Date('2026-05-17T15:59:59.999Z'),
    periodStart: new Date('2026-05-10T16:00:00.000Z'),
    rows: rank(units.map((u, i) => row(u, 10, 9 - 2 * i))),
    total: row(null, 50, 25),
    rankedUnits: units.length,
  };
  const exporter = () =>
    new WeeklyExportService(
      {} as ClosureReportService,
      {} as OverdueListQuery,
      {} as AccountabilityRepository,
      {} as SupervisionRepository,
      {} as ComplaintReportQuery,
      new ManualClock(report.asOf),
      {} as DistrictsService,
      {} as AppConfig,
    );
  const data = (sources: WeeklyExport['sources'], districtName = '南岸区'): WeeklyExport => ({
    districtName,
    report,
    sources,
    overdue: [],
    supervision: [],
    rounds: [],
  });
  const load = async (buffer: Buffer): Promise<ExcelJS.Workbook> => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    return book;
  };

  it('titles the table with the district, the week and the filter, merged over the table’s width', async () => {
    expect(bulletinTitle('南岸区', data(null))).toBe('南岸区督察整改周通报（2026-05-11 至 2026-05-17）');
    const title = bulletinTitle('南岸区', data(['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION']));
    expect(title).toBe('南岸区督察整改周通报（2026-05-11 至 2026-05-17；中央督察、市级督察）');
    const sheet = (
      await load(await exporter().xlsx(data(['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION'])))
    ).getWorksheet('周通报')!;
    expect(sheet.getCell('A1').value).toBe(title);
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(sheet.getCell('M1').isMerged).toBe(true);
    expect(sheet.getCell('M1').master.address).toBe('A1');
    expect(sheet.getRow(2).values).toEqual([undefined, ...TABLE_HEADERS]);
  });

  it('highlights the 后进 units and names them under the table', async () => {
    const sheet = (await load(await exporter().xlsx(data(null, '')))).getWorksheet('周通报')!;
    const fills = report.rows.map((r, i) => [r.unit?.name, r.lagging, sheet.getRow(3 + i).getCell(1).fill]);
    expect(fills.map(([name, lagging]) => [name, lagging])).toEqual([
      ['甲镇', false],
      ['乙镇', false],
      ['丙镇', true],
      ['丁镇', true],
      ['戊镇', true],
    ]);
    for (const [, lagging, fill] of fills) {
      expect((fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb ?? null).toBe(lagging ? 'FFFDE2E2' : null);
    }
    const note = sheet.getRow(3 + report.rows.length + 1).getCell(1).value;
    expect(note).toBe('后进单位（排名末三位，底色标出）：丙镇、丁镇、戊镇');
    expect(sheet.rowCount).toBe(2 + report.rows.length + 1 + 1);
  });

  it('prints each sheet one page wide in A4 landscape, its title rows repeated, with a header and page numbers', async () => {
    const book = await load(await exporter().xlsx(data(null)));
    for (const [name, titleRows] of [
      ['周通报', '1:2'],
      ['逾期问题', '1:1'],
      [SUPERVISION_SHEET, '1:1'],
      [ROUNDS_SHEET, '1:1'],
    ] as const) {
      const sheet = book.getWorksheet(name)!;
      expect(sheet.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: titleRows,
      });
      expect(sheet.headerFooter.oddHeader).toContain('南岸区督察整改周通报');
      expect(sheet.headerFooter.oddFooter).toBe('&C第 &P 页，共 &N 页');
    }
  });

  it('lists the week’s 督办问责, the person only for a reader who may see personal data, and says when there is none', async () => {
    const record: AccountabilityRecord = {
      id: 'r1',
      kind: 'INTERVIEW',
      unit: units[0],
      personName: '张三',
      personPost: '甲镇主要负责人',
      documentNumber: '区整改办〔2026〕7号',
      decidedOn: '2026-05-12',
      reason: '问题整改多次逾期',
      problems: [
        { id: 'i1', code: 'ZY-1', title: '一' },
        { id: 'i2', code: 'ZY-2', title: '二' },
      ],
      recordedAt: new Date('2026-05-12T02:00:00.000Z'),
      recordedBy: '区整改办',
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    };
    const office = accountabilityRow(record, true);
    expect(office).toEqual({
      day: '2026-05-12',
      kind: '约谈',
      unitName: '甲镇',
      person: '张三（甲镇主要负责人）',
      documentNumber: '区整改办〔2026〕7号',
      problemCodes: ['ZY-1', 'ZY-2'],
      summary: '问题整改多次逾期',
    });
    expect(accountabilityRow(record, false).person).toBe('');
    expect(accountabilityRow({ ...record, personName: null }, true).person).toBe('甲镇主要负责人');

    const sheet = (await load(await exporter().xlsx({ ...data(null, ''), supervision: [office] }))).getWorksheet(
      SUPERVISION_SHEET,
    )!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...SUPERVISION_HEADERS]);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '2026-05-12',
      '约谈',
      '甲镇',
      '张三（甲镇主要负责人）',
      '区整改办〔2026〕7号',
      'ZY-1、ZY-2',
      '问题整改多次逾期',
    ]);
    const none = (await load(await exporter().xlsx(data(null, '')))).getWorksheet(SUPERVISION_SHEET)!;
    expect([none.rowCount, none.getCell('A2').value]).toEqual([2, '本周无']);
  });

  it('names the download for the week’s Monday and the filter, in ASCII and in Chinese', () => {
    expect(bulletinDisposition(data(null), 'xlsx')).toBe(
      `attachment; filename="weekly-2026-05-11.xlsx"; filename*=UTF-8''${encodeURIComponent('督察整改周通报-2026-05-11.xlsx')}`,
    );
    const narrowed = bulletinDisposition(data(['PUBLIC_COMPLAINT']), 'csv');
    expect(narrowed).toContain('filename="weekly-2026-05-11-PUBLIC_COMPLAINT.csv"');
    expect(decodeURIComponent(narrowed.split("UTF-8''")[1])).toBe('督察整改周通报-2026-05-11-群众举报.csv');
  });

  it('lists a supervision order issued that week, and one closed that week as 办结', () => {
    const order = {
      id: 'o1',
      number: '督办〔2026〕3号',
      level: 'NAMED_SUPERVISION' as const,
      reasons: '群众反映强烈',
      unitId: 'u0',
      issueIds: ['i1'],
      replyDueAt: new Date('2026-05-19T15:59:59.999Z'),
      issuedAt: new Date('2026-05-12T02:00:00.000Z'),
      issuedBy: '区整改办',
      automatic: false,
      status: 'AWAITING_REPLY' as const,
      explanation: null,
      measures: null,
      repliedAt: null,
      repliedBy: null,
      replies: 0,
      decisionComment: null,
      decidedAt: null,
      closedAt: null,
      unitName: '甲镇',
      codes: ['ZY-1'],
    };
    const from = report.periodStart;
    const to = new Date(from.getTime() + 7 * 86_400_000);
    expect(orderRow(order, from, to)).toEqual({
      day: '2026-05-12',
      kind: '挂牌督办单',
      unitName: '甲镇',
      person: '',
      documentNumber: '督办〔2026〕3号',
      problemCodes: ['ZY-1'],
      summary: '群众反映强烈（待回复，回复期限 2026-05-19）',
    });
    const closed = { ...order, status: 'CLOSED' as const, replies: 2, closedAt: new Date('2026-05-15T08:00:00.000Z') };
    expect(orderRow(closed, from, to)).toMatchObject({
      day: '2026-05-15',
      kind: '挂牌督办单办结',
      summary: '群众反映强烈（已办结（回复 2 次））',
    });
  });

  it('gives each round a line of complaints and enforcement, rates as fractions, the total in bold', async () => {
    const counts = {
      received: 38,
      closed: 29,
      assignedInTime: 30,
      replied: 29,
      repliedOnTime: 29,
      replyDue: 29,
      substantiated: 10,
      partlySubstantiated: 10,
      unfounded: 9,
      satisfied: 15,
      basicallySatisfied: 12,
      unsatisfied: 2,
    };
    const round = {
      source: 'CENTRAL_INSPECTION' as const,
      batch: '第三轮中央生态环境保护督察',
      problems: 42,
      closedProblems: 30,
      complaints: counts,
      enforcement: { ordersToCorrect: 20, casesOpened: 3, fineYuan: 125000.5, problems: 21 },
    };
    expect(roundCells(round)).toEqual([
      '中央督察',
      '第三轮中央生态环境保护督察',
      42,
      30,
      38,
      29,
      9,
      30 / 38,
      1,
      10,
      10,
      9,
      27 / 29,
      20,
      3,
      125000.5,
    ]);
    const sheet = (
      await load(await exporter().xlsx({ ...data(null, ''), rounds: [round, { ...round, source: null, batch: null }] }))
    ).getWorksheet(ROUNDS_SHEET)!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...ROUND_HEADERS]);
    expect(sheet.getRow(3).getCell(1).value).toBe('合计');
    expect(sheet.getRow(3).font).toMatchObject({ bold: true });
    expect(sheet.getColumn(8).numFmt).toBe('0.0%');
  });
});
