import { describe, expect, it } from '@jest/globals';
import type { UnitRecord } from '../units/unit.record.js';
import type { RawCell, RawSheet } from './handover-sheet.parser.js';
import { codesIn, validateHandover, type ValidationContext } from './handover-rows.validator.js';

const NOW = new Date('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Shanghai
const unit = (id: string, code: string, name: string): UnitRecord => ({
  id,
  code,
  name,
  kind: 'DEPARTMENT',
  parentId: null,
});
const UNITS = [
  unit('u-sjz', 'SJZ', '水江镇'),
  unit('u-sthj', 'STHJ', '区生态环境局'),
  unit('u-sl', 'SL', '区水利局'),
  unit('u-dup1', 'DG1', '大观镇'),
  unit('u-dup2', 'DG2', '大观镇'),
];
const context = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  units: UNITS,
  existingCodes: new Set(),
  now: NOW,
  ...over,
});

const HEADER = ['编号', '来源', '问题描述', '类别', '牵头单位', '配合单位', '整改时限', '举报人'];
function sheet(rows: RawCell[][], header: RawCell[] = HEADER): RawSheet {
  return { format: 'csv', encoding: 'UTF-8', rows: [header, ...rows].map((cells, i) => ({ rowNumber: i + 1, cells })) };
}
const good = (code: string, over: Record<string, RawCell> = {}): RawCell[] => {
  const row: Record<string, RawCell> = {
    编号: code,
    来源: '中央生态环境保护督察',
    问题描述: '沟渠黑臭。生活污水直排',
    类别: '水',
    牵头单位: '水江镇',
    配合单位: '',
    整改时限: '2026-06-30',
    举报人: '',
    ...over,
  };
  return HEADER.map((h) => row[h]);
};

describe('validateHandover', () => {
  it('turns good rows into problems to file: title from the first sentence, due at the end of the day in Shanghai', () => {
    const list = validateHandover(sheet([good('ZY-1', { 配合单位: '区生态环境局、SL' })]), context());
    expect(list.errors).toEqual([]);
    expect(list.toCreate).toEqual([
      expect.objectContaining({
        rowNumber: 2,
        code: 'ZY-1',
        source: 'CENTRAL_INSPECTION',
        category: 'WATER',
        title: '沟渠黑臭',
        description: '沟渠黑臭。生活污水直排',
        leadUnitId: 'u-sjz',
        cooperatingUnitIds: ['u-sthj', 'u-sl'],
        deadline: { kind: 'DATE', dueAt: new Date('2026-06-30T16:00:00.000Z') },
        complainantName: null,
      }),
    ]);
  });

  it('finds columns in any order and prefers 问题 as the title', () => {
    const header = ['类别', '问题', '编号', '来源', '问题描述'];
    const list = validateHandover(
      sheet([['大气', '餐饮油烟扰民', 'SJ-1', '市级', '某小区餐饮油烟直排。群众多次反映']], header),
      context(),
    );
    expect(list.errors).toEqual([]);
    expect(list.toCreate[0]).toMatchObject({
      code: 'SJ-1',
      title: '餐饮油烟扰民',
      description: '某小区餐饮油烟直排。群众多次反映',
      leadUnitId: null,
      deadline: null,
    });
  });

  it('finds the header under a title row and reports rows by the number the sheet shows', () => {
    const rows = sheet([HEADER, good('ZY-1', { 牵头单位: '无此单位' })], ['第三轮中央生态环境保护督察交办问题清单']);
    expect(validateHandover(rows, context()).errors).toEqual([
      { row: 3, column: '牵头单位', reason: 'No unit named or coded 无此单位' },
    ]);
  });

  it('reports a missing required column once, on the header row, and nothing else', () => {
    const list = validateHandover(
      sheet(
        [
          ['ZY-1', '中央', '水'],
          ['ZY-2', '中央', '水'],
        ],
        ['编号', '来源', '类别'],
      ),
      context(),
    );
    expect(list.errors).toEqual([
      { row: 1, column: '问题描述', reason: 'The required column 问题描述 (or 问题) is missing' },
    ]);
  });

  it('reports every bad row with its column and reason, and then files nothing', () => {
    const list = validateHandover(
      sheet([
        good('ZY-1'),
        good('ZY-2', { 牵头单位: 'NOPE' }),
        good('ZY-3', { 整改时限: '2026-02-30' }),
        good('ZY-4', { 整改时限: '2026-03-01' }),
        good('ZY-5', { 来源: '听说' }),
        good('ZY-6', { 类别: '光污染' }),
        good('ZY-1'),
        good('ZY-8', { 举报人: '张三' }),
        good('', { 问题描述: '' }),
        good('ZY-10', { 牵头单位: '大观镇' }),
        good('ZY-11', { 配合单位: '水江镇' }),
        good('ZY-12', { 牵头单位: '' }),
        good('ZY-13', { 整改时限: '' }),
        good('ZY 14'),
      ]),
      context(),
    );
    expect(list.toCreate).toEqual([]);
    expect(list.errors).toEqual([
      { row: 3, column: '牵头单位', reason: 'No unit named or coded NOPE' },
      { row: 4, column: '整改时限', reason: expect.stringContaining('"2026-02-30" is not a date') },
      { row: 5, column: '整改时限', reason: '2026-03-01 is not in the future' },
      { row: 6, column: '来源', reason: expect.stringContaining('"听说" is not a known source') },
      { row: 7, column: '类别', reason: expect.stringContaining('"光污染" is not a category') },
      { row: 8, column: '编号', reason: 'The code ZY-1 is already on row 2' },
      { row: 9, column: '举报人', reason: expect.stringContaining('Only a complaint') },
      { row: 10, column: '编号', reason: 'The cell is empty' },
      { row: 10, column: '问题描述', reason: 'The cell is empty' },
      { row: 11, column: '牵头单位', reason: '2 units are named 大观镇; give its code' },
      { row: 12, column: '配合单位', reason: '水江镇 is the lead unit (牵头单位)' },
      { row: 13, column: '牵头单位', reason: expect.stringContaining('The cell is empty') },
      { row: 14, column: '整改时限', reason: expect.stringContaining('The cell is empty') },
      { row: 15, column: '编号', reason: expect.stringContaining('A code is') },
    ]);
  });

  it('takes today as in the future (due at its end) and reads 立行立改 and 长期坚持', () => {
    const list = validateHandover(
      sheet([
        good('A', { 整改时限: '2026年3月2日' }),
        good('B', { 整改时限: '立行立改' }),
        good('C', { 整改时限: '长期坚持' }),
      ]),
      context(),
    );
    expect(list.errors).toEqual([]);
    expect(list.toCreate.map((r) => r.deadline)).toEqual([
      { kind: 'DATE', dueAt: new Date('2026-03-02T16:00:00.000Z') },
      { kind: 'IMMEDIATE' },
      { kind: 'LONG_TERM' },
    ]);
  });

  it('keeps a complainant on a complaint, and files a row without lead unit and deadline unassigned', () => {
    const list = validateHandover(
      sheet([good('JB-1', { 来源: '12345', 举报人: '李四', 牵头单位: '', 整改时限: '' })]),
      context(),
    );
    expect(list.errors).toEqual([]);
    expect(list.toCreate[0]).toMatchObject({
      source: 'PUBLIC_COMPLAINT',
      complainantName: '李四',
      leadUnitId: null,
      deadline: null,
    });
  });

  it('keeps a formula as text', () => {
    const list = validateHandover(sheet([good('ZY-1', { 问题描述: '=HYPERLINK("http://x","y")' })]), context());
    expect(list.toCreate[0]).toMatchObject({
      title: '=HYPERLINK("http://x","y")',
      description: '=HYPERLINK("http://x","y")',
    });
  });

  it('skips codes already filed without judging the rest of their row', () => {
    const rows = sheet([good('ZY-1', { 整改时限: '2020-01-01' }), good('ZY-2')]);
    expect(codesIn(rows)).toEqual(['ZY-1', 'ZY-2']);
    const list = validateHandover(rows, context({ existingCodes: new Set(['ZY-1']) }));
    expect(list).toMatchObject({ rows: 2, skipped: ['ZY-1'], errors: [] });
    expect(list.toCreate.map((r) => r.code)).toEqual(['ZY-2']);
  });

  it('ignores blank rows and refuses the template’s example row', () => {
    const list = validateHandover(sheet([[], good('示例-001'), ['', null, '  ']]), context());
    expect(list.rows).toBe(1);
    expect(list.errors).toEqual([{ row: 3, column: null, reason: expect.stringContaining('example row') }]);
  });

  it('reports a list with no rows', () => {
    expect(validateHandover(sheet([]), context()).errors).toEqual([
      { row: 1, column: null, reason: 'The list has no rows under its header' },
    ]);
  });

  it('reports a cell PostgreSQL cannot store (U+0000, a lone surrogate) by row and column, and never looks its code up', () => {
    const rows = sheet([
      good('ZY-1', { 问题描述: '沟渠\u0000黑臭' }),
      good('ZY-2', { 牵头单位: '水江镇\ud800', 举报人: '\udc00' }),
      good('ZY\u00003'),
      good('ZY-4'),
    ]);
    expect(codesIn(rows)).toEqual(['ZY-1', 'ZY-2', 'ZY-4']);
    const list = validateHandover(rows, context());
    const reason = 'The cell contains U+0000 or a lone UTF-16 surrogate, which cannot be stored';
    expect(list.errors).toEqual([
      { row: 2, column: '问题描述', reason },
      { row: 3, column: '牵头单位', reason },
      { row: 3, column: '举报人', reason },
      { row: 4, column: '编号', reason },
    ]);
    expect(list.toCreate).toEqual([]);
  });

  it('quotes at most 60 characters of a cell in a reason, however long the cell', () => {
    const long = '很'.repeat(5000);
    const list = validateHandover(sheet([good('ZY-1', { 来源: long, 牵头单位: long })]), context());
    expect(list.errors.map((e) => e.reason.length).every((n) => n < 200)).toBe(true);
    expect(list.errors[0].reason).toMatch(/^"很{59}…" is not a known source/);
  });

  it('takes the configured number of rows as the most a list may have', () => {
    const rows = sheet([good('ZY-1'), good('ZY-2'), good('ZY-3')]);
    expect(validateHandover(rows, context({ maxRows: 2 })).errors).toEqual([
      { row: 1, column: null, reason: 'A list may have at most 2 rows; split it' },
    ]);
    expect(validateHandover(rows, context({ maxRows: 3 })).errors).toEqual([]);
  });

  it('counts lengths in characters, a character outside the BMP (𠀀) as one', () => {
    const list = validateHandover(
      sheet([good('ZY-1', { 问题描述: '𠀀'.repeat(5000) }), good('ZY-2', { 问题描述: '𠀀'.repeat(5001) })]),
      context(),
    );
    expect(list.errors).toEqual([{ row: 3, column: '问题描述', reason: 'Longer than 5000 characters' }]);
  });
});

describe('validateHandover: the place columns (经度, 纬度, 坐标系, 行政区划代码)', () => {
  const PLACE = ['编号', '来源', '问题描述', '类别', '经度', '纬度', '坐标系', '行政区划代码'];
  const row = (code: string, place: RawCell[]): RawCell[] => [code, '中央', '沟渠黑臭', '水', ...place];

  it('reads numbers as a spreadsheet holds them, the system as people write it, WGS-84 when blank', () => {
    const list = validateHandover(
      sheet(
        [
          row('P-1', [107.0991, 29.1577, '', 500119]),
          row('P-2', ['107.2', '29.2', '高德', '500119100001']),
          row('P-3', ['107.2', '29.2', 'gcj-02', '']),
          row('P-4', ['', '', '', '']),
        ],
        PLACE,
      ),
      context(),
    );
    expect(list.errors).toEqual([]);
    expect(
      list.toCreate.map(({ longitude, latitude, coordinateSystem, adminCode }) => ({
        longitude,
        latitude,
        coordinateSystem,
        adminCode,
      })),
    ).toEqual([
      { longitude: 107.0991, latitude: 29.1577, coordinateSystem: 'WGS84', adminCode: '500119' },
      { longitude: 107.2, latitude: 29.2, coordinateSystem: 'GCJ02', adminCode: '500119100001' },
      { longitude: 107.2, latitude: 29.2, coordinateSystem: 'GCJ02', adminCode: null },
      { longitude: null, latitude: null, coordinateSystem: null, adminCode: null },
    ]);
  });

  it('refuses a bad place by row and column, in Chinese, and files nothing', () => {
    const list = validateHandover(
      sheet(
        [
          row('P-1', ['107.1', '', '', '']),
          row('P-2', ['107.1', '29.1', 'BD09', '']),
          row('P-3', ['', '', 'WGS84', '']),
          row('P-4', ['', '', '', '50011']),
        ],
        PLACE,
      ),
      context(),
    );
    expect(list.toCreate).toEqual([]);
    expect(list.errors).toEqual([
      { row: 2, column: '纬度', reason: '经度和纬度须同时填写，或都不填' },
      { row: 3, column: '坐标系', reason: '“BD09”不是坐标系（WGS84 或 GCJ02）' },
      { row: 4, column: '坐标系', reason: '未填写经纬度，不应填写坐标系' },
      { row: 5, column: '行政区划代码', reason: '行政区划代码须为 6–12 位数字' },
    ]);
  });
});
