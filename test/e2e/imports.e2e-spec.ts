import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { createToken, createUnit, createUnitWithToken, type UnitRef } from '../factories/factories.js';
import {
  inlineRow,
  numberRow,
  piecewisePart,
  SHEET_HEAD,
  SHEET_TAIL,
  workbookParts,
  zipArchive,
} from '../factories/zip-archive.factory.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';
import { ENTERED_FIELDS, enteredLabel } from '../../src/issues/entered-fields.js';
import { templateWorkbook } from '../support/binary-body.js';

// Monday 2026-03-02 10:00 in Shanghai: 2026-06-30 is ahead, 2026-03-01 is behind.
const NOW = '2026-03-02T02:00:00.000Z';
const END_OF_JUNE_30 = '2026-06-30T16:00:00.000Z';
const HEADER = [
  '编号',
  '来源',
  '问题',
  '问题描述',
  '类别',
  // the entered text fields (批次, 所在地, 行政区划代码, …), as ISSUE_SHAPE lists them
  ...ENTERED_FIELDS.map(enteredLabel),
  '牵头单位',
  '配合单位',
  '整改时限',
  '举报人',
  '联系电话',
  '投诉渠道',
  '经度',
  '纬度',
  '坐标系',
];
const IMPORTER_LABEL = '区整改办 清单导入';

interface ImportError {
  row: number;
  column: string | null;
  reason: string;
}

interface Imported {
  code: string;
  source: string;
  batch: string | null;
  title: string;
  description: string;
  category: string;
  location: string | null;
  state: string;
  deadlineKind: string | null;
  dueAt: string | null;
  replyDueAt: string | null;
  leadUnit: { name: string } | null;
  cooperatingUnits: { name: string }[];
  complainant: { name: string | null; phone: string | null; channel: string | null } | null;
  events: { seq: number; type: string; actor: string; toState: string }[];
}

type Row = Partial<Record<(typeof HEADER)[number], string>>;

/** A report's lines for `n` rows all filed, whatever their codes. */
const newLines = (n: number) =>
  Array.from({ length: n }, () => ({ row: expect.any(Number), code: expect.any(String), status: 'NEW' }));

function csv(rows: Row[], header: string[] = HEADER): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return (
    [header, ...rows.map((r) => header.map((h) => r[h as keyof Row] ?? ''))]
      .map((cells) => cells.map(cell).join(','))
      .join('\r\n') + '\r\n'
  );
}

const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

async function xlsxOf(rows: Row[], header: string[] = HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('交办清单');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(header.map((h) => r[h as keyof Row] ?? ''));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** This process's peak resident memory so far, in MB: the app runs in it, so what an import takes shows here. */
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * The issue's lying workbook: a good header and row, then 1 GiB of spaces in the same sheet part, whose headers say
 * it inflates to 33 kB. About 1 MB on the wire.
 */
function lyingWorkbook(codes: string): Buffer {
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  const head =
    SHEET_HEAD + inlineRow(1, ['编号', '来源', '问题', '类别']) + inlineRow(2, [codes, '中央', '谎报大小的清单', '水']);
  return zipArchive(
    workbookParts(
      piecewisePart(
        'xl/worksheets/sheet1.xml',
        [head, ...Array.from({ length: 1024 }, () => spaces), SHEET_TAIL],
        33_000,
      ),
    ),
  );
}

/**
 * An honest workbook of `rows` rows of 50 numbers. At 48,000 rows (2.4 M cells) it inflates to just under the default
 * 64 MiB, so nothing refuses it before it is read: about 4.6 MB zipped.
 */
function numberWorkbook(rows: number): { file: Buffer; inflated: number } {
  function* pieces() {
    yield SHEET_HEAD;
    for (let from = 1; from <= rows; from += 1000) {
      let xml = '';
      for (let r = from; r < Math.min(from + 1000, rows + 1); r++)
        xml += numberRow(
          r,
          Array.from({ length: 50 }, () => 1),
        );
      yield xml;
    }
    yield SHEET_TAIL;
  }
  const sheet = piecewisePart('xl/worksheets/sheet1.xml', pieces());
  return { file: zipArchive(workbookParts(sheet)), inflated: sheet.declaredSize };
}

describe('an import within bounded memory (limits set low)', () => {
  let t: TestApp;
  let importer: string;
  beforeAll(async () => {
    t = await createTestApp({
      now: NOW,
      env: {
        RECTIFY_IMPORT_MAX_INFLATED_BYTES: String(1024 * 1024),
        RECTIFY_IMPORT_MAX_CELLS: '1000',
        RECTIFY_IMPORT_MAX_ROWS: '50',
      },
    });
    importer = await createToken(t, 'OFFICE', undefined, IMPORTER_LABEL);
  });
  afterAll(() => t.close());

  const issueCount = async () =>
    (await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, '{ issues(first: 0) { totalCount } }')).issues
      .totalCount;
  /** Posts a file that must be refused as a whole (BAD_USER_INPUT on the field file), and checks nothing was written. */
  const refusedFile = async (file: Buffer): Promise<string> => {
    const before = await issueCount();
    const res = await request(t.app.getHttpServer())
      .post('/imports')
      .set('authorization', `Bearer ${importer}`)
      .attach('file', file, 'list.xlsx');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['file'] });
    expect(await issueCount()).toBe(before);
    return res.body.errors[0].message as string;
  };
  const rows = (n: number, prefix: string): Row[] =>
    Array.from({ length: n }, (_, i) => ({
      编号: `${prefix}-${i + 1}`,
      来源: '中央',
      问题: `第${i + 1}号`,
      类别: '水',
    }));

  it('refuses a zip whose entries declare small sizes but inflate past the limit, without inflating it all', async () => {
    const lying = lyingWorkbook('LIE-1');
    const peak = peakRssMb();
    expect(await refusedFile(lying)).toMatch(/not a readable xlsx workbook: .* inflates to more than the zip declares/);
    // Inflating the 1 GiB would have taken that much memory; refused at the lie, the process's peak barely moves.
    expect(peakRssMb() - peak).toBeLessThan(256);

    // One that tells the truth about inflating past the limit (1 MiB here) is refused before any of it is inflated.
    const honest = await xlsxOf(rows(100, 'BIG').map((r, i) => ({ ...r, 问题描述: `${i}${'长'.repeat(4990)}` })));
    expect(honest.length).toBeLessThan(1024 * 1024);
    expect(await refusedFile(honest)).toMatch(/expands to too much data to import \(more than 1 MiB\)/);
  });

  it('refuses a workbook and a CSV past the cell limit', async () => {
    // 30 good rows, each with 40 columns of the team's own notes: 1,240 cells.
    const notes = Array.from({ length: 36 }, (_, i) => `备注${i + 1}`);
    const header = ['编号', '来源', '问题', '类别', ...notes];
    const wide = rows(30, 'WIDE').map((r) => ({ ...r, ...Object.fromEntries(notes.map((h) => [h, '注'])) }));
    expect(await refusedFile(await xlsxOf(wide, header))).toBe('A list may have at most 1000 cells; split it');
    expect(await refusedFile(utf8Bom(csv(wide, header)))).toBe('A list may have at most 1000 cells; split it');
  });

  it('refuses a workbook and a CSV past the row limit', async () => {
    const long = rows(70, 'LONG');
    expect(await refusedFile(await xlsxOf(long, ['编号', '来源', '问题', '类别']))).toBe(
      'A list may have at most 50 rows; split it',
    );
    expect(await refusedFile(utf8Bom(csv(long, ['编号', '来源', '问题', '类别'])))).toBe(
      'A list may have at most 50 rows; split it',
    );
  });
});

describe('importing a handover list (POST /imports)', () => {
  let t: TestApp;
  let importer: string;
  let sthj: UnitRef;
  let water: UnitRef;
  let unitToken: string;
  let leaderToken: string;
  let n = 0;
  /** A fresh code per row, so tests do not see each other's problems. */
  const code = (prefix = 'ZY') => `${prefix}-${++n}`;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    await createUnit(t, { name: '水江镇', kind: 'TOWN' });
    sthj = await createUnit(t, { name: '区生态环境局' });
    water = await createUnit(t, { name: '区水利局' });
    importer = await createToken(t, 'OFFICE', undefined, IMPORTER_LABEL);
    unitToken = (await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' })).token;
    leaderToken = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(() => t.close());

  const post = (file: Buffer, options: { token?: string | null; dryRun?: boolean; name?: string } = {}) => {
    const req = request(t.app.getHttpServer()).post(`/imports${options.dryRun ? '?dryRun=true' : ''}`);
    const token = options.token === undefined ? importer : options.token;
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.attach('file', file, options.name ?? 'list.csv');
  };

  const issueCount = async () =>
    (await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, '{ issues(first: 0) { totalCount } }')).issues
      .totalCount;

  const byCode = async (c: string): Promise<Imported> =>
    (
      await t.ok<{ issueByCode: Imported }>(
        OFFICE_TOKEN,
        `query($code: String!) { issueByCode(code: $code) {
           code source batch title description category location state deadlineKind dueAt replyDueAt
           leadUnit { name } cooperatingUnits { name } complainant { name phone channel } events { seq type actor toState }
         } }`,
        { code: c },
      )
    ).issueByCode;

  /** Posts a list that must be refused, and checks nothing was written. */
  const refused = async (file: Buffer, name = 'list.csv'): Promise<ImportError[]> => {
    const before = await issueCount();
    const res = await post(file, { name });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await issueCount()).toBe(before);
    return res.body.errors[0].extensions.errors as ImportError[];
  };

  describe('who may import', () => {
    it('refuses a request without a token, or with an unknown one, as UNAUTHENTICATED', async () => {
      const file = utf8Bom(csv([{ 编号: code(), 来源: '中央', 问题: '无令牌', 类别: '水' }]));
      for (const token of [null, 'not-a-real-token-0123456789']) {
        const res = await post(file, { token });
        expect(res.status).toBe(401);
        expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses a unit and a leader as FORBIDDEN', async () => {
      const before = await issueCount();
      const file = utf8Bom(csv([{ 编号: code(), 来源: '中央', 问题: '无权导入', 类别: '水' }]));
      for (const token of [unitToken, leaderToken]) {
        const res = await post(file, { token });
        expect(res.status).toBe(403);
        expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
      }
      expect(await issueCount()).toBe(before);
    });
  });

  describe('a good list', () => {
    it('files and assigns a UTF-8 CSV list through the transition path, audited under the importing token', async () => {
      const [assigned, immediate, filedOnly, complaint] = [code(), code(), code('SJ'), code('JB')];
      const list = csv([
        {
          编号: assigned,
          来源: '第三轮中央生态环境保护督察',
          批次: '第三轮中央生态环境保护督察 第5批',
          问题: '农村黑臭水体整治不到位',
          问题描述: '村内沟渠黑臭，生活污水直排。群众反映强烈',
          类别: '水',
          所在地: '水江镇',
          牵头单位: '水江镇',
          配合单位: `区生态环境局、${water.code}`,
          整改时限: '2026/6/30',
        },
        {
          编号: immediate,
          来源: '市区两级暗访督察',
          问题描述: '工地扬尘未覆盖。现场裸土',
          类别: '大气',
          牵头单位: sthj.code,
          整改时限: '立行立改',
        },
        { 编号: filedOnly, 来源: '市级生态环境保护例行督察', 问题: '餐饮油烟扰民', 类别: '大气' },
        {
          编号: complaint,
          来源: '12345',
          问题: '夜间施工噪声扰民',
          类别: '噪声',
          牵头单位: '区生态环境局',
          整改时限: '长期坚持',
          举报人: '李四',
          联系电话: '13800000000',
          投诉渠道: '12345热线',
        },
      ]);
      const before = await issueCount();
      const res = await post(utf8Bom(list));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dryRun: false, rows: 4, created: 4, skipped: [], lines: newLines(4), errors: [] });
      expect(await issueCount()).toBe(before + 4);

      const a = await byCode(assigned);
      expect(a).toMatchObject({
        source: 'CENTRAL_INSPECTION',
        batch: '第三轮中央生态环境保护督察 第5批',
        title: '农村黑臭水体整治不到位',
        description: '村内沟渠黑臭，生活污水直排。群众反映强烈',
        category: 'WATER',
        location: '水江镇',
        state: 'ASSIGNED',
        deadlineKind: 'DATE',
        dueAt: END_OF_JUNE_30,
        leadUnit: { name: '水江镇' },
        complainant: null,
      });
      expect(a.cooperatingUnits.map((u) => u.name).sort()).toEqual(['区水利局', '区生态环境局'].sort());
      expect(a.events).toEqual([
        { seq: 1, type: 'file', actor: IMPORTER_LABEL, toState: 'FILED' },
        { seq: 2, type: 'assign', actor: IMPORTER_LABEL, toState: 'ASSIGNED' },
      ]);

      // 立行立改: the end of the next working day (Tuesday 2026-03-03, Asia/Shanghai).
      expect(await byCode(immediate)).toMatchObject({
        source: 'UNDERCOVER_INSPECTION',
        title: '工地扬尘未覆盖',
        state: 'ASSIGNED',
        deadlineKind: 'IMMEDIATE',
        dueAt: '2026-03-03T16:00:00.000Z',
        leadUnit: { name: '区生态环境局' },
        cooperatingUnits: [],
      });
      const f = await byCode(filedOnly);
      expect(f).toMatchObject({
        source: 'MUNICIPAL_INSPECTION',
        state: 'FILED',
        description: '餐饮油烟扰民',
        leadUnit: null,
        dueAt: null,
      });
      expect(f.events.map((e) => e.type)).toEqual(['file']);
      const c = await byCode(complaint);
      expect(c).toMatchObject({
        source: 'PUBLIC_COMPLAINT',
        state: 'ASSIGNED',
        deadlineKind: 'LONG_TERM',
        dueAt: null,
        complainant: { name: '李四', phone: '13800000000', channel: '12345热线' },
      });
      expect(c.replyDueAt).not.toBeNull(); // 15 working days, as for a complaint filed by hand

      const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
        OFFICE_TOKEN,
        '{ verifyLog { mismatches { code } } }',
      );
      expect(check.verifyLog.mismatches).toEqual([]);
    });

    it('reads a GB18030 CSV (what Excel on a Chinese desktop saves) and keeps the Chinese intact', async () => {
      const c = code();
      const text = '磷石膏堆场渗滤液收集不完善，雨污分流不到位。𠀀生僻字也在';
      const bytes = iconv.encode(
        csv([
          {
            编号: c,
            来源: '专项督察',
            问题描述: text,
            类别: '固体废物',
            牵头单位: '水江镇',
            整改时限: '2026年6月30日',
          },
        ]),
        'gb18030',
      );
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      const res = await post(bytes);
      expect(res.body).toEqual({ dryRun: false, rows: 1, created: 1, skipped: [], lines: newLines(1), errors: [] });
      expect(await byCode(c)).toMatchObject({
        source: 'SPECIAL_INSPECTION',
        title: '磷石膏堆场渗滤液收集不完善，雨污分流不到位',
        description: text,
        category: 'SOLID_WASTE',
        state: 'ASSIGNED',
        dueAt: END_OF_JUNE_30,
        leadUnit: { name: '水江镇' },
      });
    });

    it('reads a UTF-8 CSV without a BOM, columns in another order and extra columns ignored', async () => {
      const c = code('ZC');
      const header = ['整改时限', '序号', '类别', '牵头单位', '问题', '编号', '来源'];
      const res = await post(
        Buffer.from(
          csv(
            [
              {
                整改时限: '2026-06-30',
                类别: '生态',
                牵头单位: '区水利局',
                问题: '河道岸线整治',
                编号: c,
                来源: '举一反三',
              },
            ],
            header,
          ),
        ),
      );
      expect(res.body).toMatchObject({ created: 1, errors: [] });
      expect(await byCode(c)).toMatchObject({
        source: 'SELF_INSPECTION',
        category: 'ECOLOGY',
        title: '河道岸线整治',
        description: '河道岸线整治',
        leadUnit: { name: '区水利局' },
        dueAt: END_OF_JUNE_30,
      });
    });

    it('reads an xlsx (found by content, not name) with a title row, a date cell, a numeric code and a formula kept as text', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('交办清单');
      sheet.addRow(['第三轮中央生态环境保护督察第5批交办问题清单']);
      const header = ['问题描述', '编号', '类别', '来源', '牵头单位', '配合单位', '整改时限', '所在地'];
      sheet.addRow(header);
      const numericCode = 202600000 + ++n;
      const formulaCode = code();
      sheet.addRow([
        '尾矿库赤泥堆存不规范。渗滤液外溢',
        numericCode,
        '土壤',
        '中央',
        '区生态环境局',
        '水江镇 区水利局',
        new Date('2026-06-30T00:00:00Z'),
        '大观镇',
      ]);
      const row = sheet.addRow(['', formulaCode, '其他', 'CENTRAL_INSPECTION', '', '', '', '']);
      row.getCell(1).value = { formula: 'HYPERLINK("http://x","y")', result: 'y' };
      row.getCell(8).value = { formula: 'A1&"镇"', result: '第三轮…镇' };
      const res = await post(Buffer.from(await book.xlsx.writeBuffer()), { name: 'list.csv' }); // a misleading name on purpose
      expect(res.body).toEqual({ dryRun: false, rows: 2, created: 2, skipped: [], lines: newLines(2), errors: [] });
      const first = await byCode(String(numericCode));
      expect(first).toMatchObject({
        title: '尾矿库赤泥堆存不规范',
        category: 'SOIL',
        state: 'ASSIGNED',
        dueAt: END_OF_JUNE_30,
        location: '大观镇',
      });
      expect(first.cooperatingUnits.map((u) => u.name).sort()).toEqual(['水江镇', '区水利局'].sort());
      expect(await byCode(formulaCode)).toMatchObject({
        title: '=HYPERLINK("http://x","y")',
        description: '=HYPERLINK("http://x","y")',
        location: '=A1&"镇"',
        state: 'FILED',
      });
    });

    it('keeps a formula in CSV text as literal text', async () => {
      const c = code();
      const res = await post(
        utf8Bom(
          csv([
            {
              编号: c,
              来源: '中央',
              问题: '=HYPERLINK("http://x","y")',
              问题描述: '=1+1',
              类别: '水',
              所在地: '@SUM(A1)',
            },
          ]),
        ),
      );
      expect(res.body).toMatchObject({ created: 1 });
      expect(await byCode(c)).toMatchObject({
        title: '=HYPERLINK("http://x","y")',
        description: '=1+1',
        location: '@SUM(A1)',
      });
    });
  });

  describe('dry run and re-import', () => {
    it('validates only with ?dryRun=true, and refuses a bad list there too', async () => {
      const c = code();
      const file = utf8Bom(
        csv([{ 编号: c, 来源: '中央', 问题: '试导入', 类别: '水', 牵头单位: '水江镇', 整改时限: '2026-06-30' }]),
      );
      const before = await issueCount();
      const res = await post(file, { dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        dryRun: true,
        rows: 1,
        created: 0,
        skipped: [],
        lines: [{ row: 2, code: c, status: 'NEW' }],
        errors: [],
      });
      expect(await issueCount()).toBe(before);
      expect(await t.ok(OFFICE_TOKEN, `{ issueByCode(code: "${c}") { id } }`)).toEqual({ issueByCode: null });

      const bad = await post(
        utf8Bom(
          csv([{ 编号: c, 来源: '中央', 问题: '试导入', 类别: '水', 牵头单位: '无此单位', 整改时限: '2026-06-30' }]),
        ),
        { dryRun: true },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        dryRun: true,
        errors: [{ row: 2, column: '牵头单位' }],
      });
    });

    it('creates nothing new when the same list comes again, and reports its codes as skipped', async () => {
      const codes = [code(), code()];
      const file = utf8Bom(
        csv(
          codes.map((c) => ({
            编号: c,
            来源: '中央',
            问题: '重复导入',
            类别: '水',
            牵头单位: '水江镇',
            整改时限: '2026-06-30',
          })),
        ),
      );
      expect((await post(file)).body).toMatchObject({ created: 2, skipped: [] });
      const before = await issueCount();
      const again = await post(file);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({
        dryRun: false,
        rows: 2,
        created: 0,
        skipped: codes,
        lines: codes.map((c, i) => ({ row: i + 2, code: c, status: 'ON_FILE' })),
        errors: [],
      });
      expect(await issueCount()).toBe(before);

      // A list with one new row among the old ones creates only that one.
      const extra = code();
      const mixed = utf8Bom(
        csv(
          [...codes, extra].map((c) => ({
            编号: c,
            来源: '中央',
            问题: '重复导入',
            类别: '水',
            牵头单位: '水江镇',
            整改时限: '2026-06-30',
          })),
        ),
      );
      // row by row: the two on file, the new one
      expect((await post(mixed)).body).toEqual({
        dryRun: false,
        rows: 3,
        created: 1,
        skipped: codes,
        lines: [
          { row: 2, code: codes[0], status: 'ON_FILE' },
          { row: 3, code: codes[1], status: 'ON_FILE' },
          { row: 4, code: extra, status: 'NEW' },
        ],
        errors: [],
      });
      expect((await byCode(codes[0])).events).toHaveLength(2); // not assigned twice
    });
  });

  describe('a bad list writes nothing', () => {
    const good = (over: Row = {}): Row => ({
      编号: code(),
      来源: '中央',
      问题描述: '沟渠黑臭',
      类别: '水',
      牵头单位: '水江镇',
      整改时限: '2026-06-30',
      ...over,
    });

    it('lists every bad row with its row number, column and reason', async () => {
      const dupe = code();
      const rows: Row[] = [
        good(), // row 2: fine, but not written either
        good({ 牵头单位: '无此单位' }), // 3
        good({ 配合单位: '区生态环境局、不存在局' }), // 4
        good({ 整改时限: '2026-02-30' }), // 5
        good({ 整改时限: '下月底' }), // 6
        good({ 整改时限: '2026-03-01' }), // 7: yesterday in Shanghai
        good({ 问题描述: '' }), // 8
        good({ 来源: '' }), // 9
        good({ 来源: '路边听说' }), // 10
        good({ 类别: '光污染' }), // 11
        good({ 编号: dupe }), // 12
        good({ 编号: dupe }), // 13
        good({ 举报人: '张三', 联系电话: '13900000000' }), // 14: not a complaint
        good({ 编号: '' }), // 15
      ];
      const errors = await refused(utf8Bom(csv(rows)));
      expect(errors).toEqual([
        { row: 3, column: '牵头单位', reason: 'No unit named or coded 无此单位' },
        { row: 4, column: '配合单位', reason: 'No unit named or coded 不存在局' },
        { row: 5, column: '整改时限', reason: expect.stringContaining('"2026-02-30" is not a date') },
        { row: 6, column: '整改时限', reason: expect.stringContaining('"下月底" is not a date') },
        { row: 7, column: '整改时限', reason: '2026-03-01 is not in the future' },
        { row: 8, column: '问题描述', reason: 'The cell is empty' },
        { row: 9, column: '来源', reason: 'The cell is empty' },
        { row: 10, column: '来源', reason: expect.stringContaining('"路边听说" is not a known source') },
        { row: 11, column: '类别', reason: expect.stringContaining('"光污染" is not a category') },
        { row: 13, column: '编号', reason: `The code ${dupe} is already on row 12` },
        { row: 14, column: '举报人', reason: expect.stringContaining('Only a complaint') },
        { row: 14, column: '联系电话', reason: expect.stringContaining('Only a complaint') },
        { row: 15, column: '编号', reason: 'The cell is empty' },
      ]);
      // The complainant's details are never echoed back.
      expect(JSON.stringify(errors)).not.toContain('13900000000');
    });

    it('reports a missing required column once, on row 1', async () => {
      const header = ['编号', '来源', '问题', '牵头单位', '整改时限'];
      const errors = await refused(utf8Bom(csv([good(), good(), good()], header)));
      expect(errors).toEqual([{ row: 1, column: '类别', reason: 'The required column 类别 is missing' }]);
    });

    it('reports rows of an xlsx by the row numbers Excel shows', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('清单');
      sheet.addRow(HEADER);
      const cells: Record<string, ExcelJS.CellValue> = {
        编号: code(),
        来源: '中央',
        问题: '问题',
        类别: '水',
        牵头单位: '水江镇',
        整改时限: new Date('2020-01-01T00:00:00Z'),
      };
      sheet.getRow(4).values = HEADER.map((h) => cells[h] ?? '');
      const errors = await refused(Buffer.from(await book.xlsx.writeBuffer()), 'list.xlsx');
      expect(errors).toEqual([{ row: 4, column: '整改时限', reason: '2020-01-01 is not in the future' }]);
    });

    it('reports a cell holding U+0000 or a lone surrogate as a row error, in a CSV and in a workbook', async () => {
      const reason = 'The cell contains U+0000 or a lone UTF-16 surrogate, which cannot be stored';
      const list = [good(), good({ 问题描述: '沟渠\u0000黑臭' }), good()];
      expect(await refused(utf8Bom(csv(list)))).toEqual([{ row: 3, column: '问题描述', reason }]);
      // In a workbook, as Excel and POI write a control character: _xHHHH_.
      const book = await xlsxOf([good(), good({ 问题描述: '沟渠_x0000_黑臭', 所在地: '水江镇_xD800_' })]);
      expect(await refused(book, 'list.xlsx')).toEqual([
        { row: 3, column: '问题描述', reason },
        { row: 3, column: '所在地', reason },
      ]);
    });

    it('refuses what is not a list at all, and an over-large file', async () => {
      const before = await issueCount();
      const binary = await post(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]));
      expect(binary.status).toBe(400);
      expect(binary.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

      const none = await request(t.app.getHttpServer())
        .post('/imports')
        .set('authorization', `Bearer ${importer}`)
        .field('x', 'y');
      expect(none.status).toBe(400);
      expect(none.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

      const huge = await post(Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
      expect(huge.status).toBe(413);
      expect(huge.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await issueCount()).toBe(before);
    });
  });

  describe('the template (GET /imports/template.xlsx)', () => {
    const download = () => templateWorkbook(t.app);
    const bytesOf = async (book: ExcelJS.Workbook) => Buffer.from(await book.xlsx.writeBuffer());

    it('downloads without a token: the headers and one example row, which is refused until replaced', async () => {
      const book = await download();
      const sheet = book.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
      expect(sheet.actualRowCount).toBe(2);
      const errors = await refused(await bytesOf(book), 'template.xlsx');
      expect(errors).toEqual([{ row: 2, column: null, reason: expect.stringContaining('example row') }]);
    });

    it('imports cleanly once its row is filled in', async () => {
      const book = await download();
      const sheet = book.worksheets[0];
      const c = code();
      const fill: Record<string, ExcelJS.CellValue> = {
        编号: c,
        来源: '中央生态环境保护督察',
        批次: '第三轮 第6批',
        问题: '入河排污口未整治',
        问题描述: '入河排污口未按要求整治。雨季溢流',
        类别: '水',
        所在地: '南平镇',
        牵头单位: '区水利局',
        配合单位: '水江镇',
        整改时限: new Date('2026-06-30T00:00:00Z'),
        举报人: null,
        联系电话: null,
        投诉渠道: null,
      };
      HEADER.forEach((h, i) => {
        sheet.getRow(2).getCell(i + 1).value = fill[h];
      });
      const res = await post(await bytesOf(book), { name: '交办清单.xlsx' });
      expect(res.body).toEqual({ dryRun: false, rows: 1, created: 1, skipped: [], lines: newLines(1), errors: [] });
      expect(await byCode(c)).toMatchObject({
        title: '入河排污口未整治',
        state: 'ASSIGNED',
        leadUnit: { name: '区水利局' },
        cooperatingUnits: [{ name: '水江镇' }],
        dueAt: END_OF_JUNE_30,
      });
    });
  });

  it('reads a large workbook only up to the cell limit, within bounded memory, /health answering all the while', async () => {
    const { file, inflated } = numberWorkbook(48_000);
    expect(inflated).toBeLessThan(64 * 1024 * 1024);
    const before = await issueCount();
    const peak = peakRssMb();
    let done = false;
    const importing = post(file, { name: 'big.xlsx' }).then((res) => {
      done = true;
      return res;
    });
    const probes: { ms: number; status: number; whileImporting: boolean }[] = [];
    while (!done) {
      const started = performance.now();
      const health = await request(t.app.getHttpServer()).get('/health');
      probes.push({ ms: performance.now() - started, status: health.status, whileImporting: !done });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const res = await importing;
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      message: 'A list may have at most 400000 cells; split it',
      extensions: { code: 'BAD_USER_INPUT', fields: ['file'] },
    });
    expect(await issueCount()).toBe(before);
    expect(peakRssMb() - peak).toBeLessThan(256);
    // Liveness only (the latency is measured by bench/import-bounds.ts): /health answered while the file was read.
    expect(probes.filter((p) => p.whileImporting).length).toBeGreaterThan(0);
    for (const p of probes) expect(p).toMatchObject({ status: 200, ms: expect.any(Number) });
    expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(5000);
    process.stdout.write(
      `\n  refused ${(file.length / 1024 / 1024).toFixed(1)} MB workbook: /health answered ${probes.length} times, worst ` +
        `${Math.round(Math.max(...probes.map((p) => p.ms)))} ms; this process's peak RSS +${Math.round(peakRssMb() - peak)} MB\n`,
    );
  }, 120_000);

  it('imports a 5,000-row CSV list in seconds (the time is printed, not asserted)', async () => {
    const codes = Array.from({ length: 5000 }, (_, i) => `PERF-${i + 1}`);
    const rows: Row[] = codes.map((c, i) => ({
      编号: c,
      来源: i % 5 === 0 ? '12345' : '中央生态环境保护督察',
      问题: `第${i + 1}号问题`,
      问题描述: `问题描述，第${i + 1}号。详见附件`,
      类别: ['水', '大气', '噪声', '土壤'][i % 4],
      牵头单位: i % 10 === 9 ? '' : ['水江镇', '区生态环境局', '区水利局'][i % 3],
      配合单位: i % 3 === 0 && i % 10 !== 9 ? '区生态环境局' : '',
      整改时限: i % 10 === 9 ? '' : '2026-06-30',
    }));
    const file = utf8Bom(csv(rows));
    const before = await issueCount();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const res = await post(file);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    expect(res.body).toMatchObject({ rows: 5000, created: 5000, errors: [] });
    expect(await issueCount()).toBe(before + 5000);
    // Written in more than one statement (TransitionService's chunks): every problem has its file event, and its assign
    // event when the row names a lead unit and a deadline.
    const [log] = await t.db.query(
      `SELECT count(*) FILTER (WHERE e.type = 'file')::int AS filed, count(*) FILTER (WHERE e.type = 'assign')::int AS assigned
         FROM issue_events e JOIN issues i ON i.id = e.issue_id WHERE i.code LIKE 'PERF-%'`,
    );
    expect(log).toEqual({ filed: 5000, assigned: 4500 });
    process.stdout.write(
      `\n  5,000-row CSV import (${(file.length / 1024).toFixed(0)} KiB): ${(ms / 1000).toFixed(2)} s ` +
        `(this process's CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)\n`,
    );

    const started2 = performance.now();
    const again = await post(file);
    process.stdout.write(
      `  the same list again (all skipped): ${((performance.now() - started2) / 1000).toFixed(2)} s\n`,
    );
    expect(again.body).toMatchObject({ created: 0 });
    expect(again.body.skipped).toHaveLength(5000);
  }, 300_000);
});
