// The city's ranking of districts on 一单一表 (issue #28) over HTTP on PostgreSQL: six districts (南川区 the default
// one), each with its own units and list, walked through two quarters on the test's clock. Every figure of a
// district's row is its own closure table's total (closureReport as its office reads it) and its units' accountability;
// the ranking shares ties, 南川区 goes from 5th in Q1 to 1st in Q2 (seed 001: +4), the city's weights move scores
// and order, only the city's office sets them, a district reads its own row, and the bulletin (xlsx) lays it out.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { FigureProjector } from '../../src/reports/figure-projector.service.js';
import { cityWide } from '../../src/tenancy/district-scope.js';
import { addDistrict, insertToken } from '../support/districts.js';
import { binary } from '../support/binary-body.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

const DEFAULT_DISTRICT = '00000000-0000-4000-8000-0000000000d1';
const FAR = '2026-12-30T16:00:00.000Z';
/** The end of 2026-Q1 in Asia/Shanghai, less a millisecond: what the quarter's table reads. */
const Q1_END = '2026-03-31T15:59:59.999Z';

const ROW = `district { id name code } period rank previousRank rankChange rankedDistricts score listScore tableScore
  problems closed closureRate onTimeRate overdue rebounds indicators judgedIndicators onTrackIndicators
  accountabilityDeduction interviews publicCriticisms accountabilityActions`;
const SCORES = `query($period: String!) { districtScores(period: $period) { ${ROW} } }`;
const WEIGHTS = `listWeight tableWeight closureRateWeight onTimeRateWeight overduePenalty reboundPenalty bindingWeight
  expectedWeight atRiskCredit interviewPenalty publicCriticismPenalty accountabilityPenalty updatedBy updatedAt`;
const SET = `mutation($input: CityWeightsInput!) { setCityWeights(input: $input) { ${WEIGHTS} } }`;

interface Row {
  district: { id: string; name: string; code: string };
  period: string;
  rank: number | null;
  previousRank: number | null;
  rankChange: number | null;
  rankedDistricts: number;
  score: number | null;
  listScore: number | null;
  tableScore: number | null;
  problems: number;
  closed: number;
  closureRate: number;
  onTimeRate: number;
  overdue: number;
  rebounds: number;
  accountabilityDeduction: number;
  interviews: number;
  publicCriticisms: number;
  accountabilityActions: number;
  [k: string]: unknown;
}

interface D {
  id: string;
  name: string;
  office: string;
  leader: string;
  unitId: string;
  unitToken: string;
  /** Problems assigned and accepted (in progress), not yet closed. */
  open: string[];
}

const codeOf = (r: GqlReply<unknown>) => r.errors?.[0]?.extensions.code;

describe('districtScores: the city ranks its districts on 一单一表', () => {
  let t: TestApp;
  const d: Record<string, D> = {};
  let cityOffice: string;
  let cityLeader: string;

  const scores = async (period: string, token = cityOffice): Promise<Row[]> =>
    (await t.ok<{ districtScores: Row[] }>(token, SCORES, { period })).districtScores;
  const rowOf = (rows: Row[], key: string) => rows.find((r) => r.district.id === d[key].id)!;

  async function district(key: string, office: string, id: string, name: string): Promise<void> {
    const unit = await t.ok<{ createUnit: { id: string } }>(
      office,
      `mutation($n: String!) { createUnit(code: "U1", name: $n, kind: TOWN) { id } }`,
      { n: `${name}水江镇` },
    );
    const token = async (role: string, unitId?: string) =>
      (
        await t.ok<{ createToken: { token: string } }>(
          office,
          `mutation($r: Role!, $u: ID) { createToken(role: $r, unitId: $u, label: "t") { token } }`,
          { r: role, u: unitId },
        )
      ).createToken.token;
    d[key] = {
      id,
      name,
      office,
      leader: await token('LEADER'),
      unitId: unit.createUnit.id,
      unitToken: await token('UNIT', unit.createUnit.id),
      open: [],
    };
  }

  /** `n` self-inspection problems (they close at the office's acceptance), assigned and accepted, due by `dueAt`. */
  async function file(key: string, n: number, dueAt = FAR): Promise<void> {
    const x = d[key];
    for (let i = 0; i < n; i++) {
      const filed = await t.ok<{ fileIssue: { id: string } }>(
        x.office,
        `mutation { fileIssue(input: { source: SELF_INSPECTION, title: "河道两岸垃圾清理", description: "举一反三自查发现", category: OTHER }) { id } }`,
      );
      const id = filed.fileIssue.id;
      await t.ok(
        x.office,
        `mutation($id: ID!, $u: ID!, $d: DateTime!) { assignIssue(input: { issueId: $id, leadUnitId: $u, deadlineKind: DATE, dueAt: $d }) { id } }`,
        { id, u: x.unitId, d: dueAt },
      );
      await t.ok(x.unitToken, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id });
      x.open.push(id);
    }
  }

  /** Closes `n` of the district's open problems (submitted, verified, closed). */
  async function close(key: string, n: number): Promise<string[]> {
    const x = d[key];
    const ids = x.open.splice(0, n);
    for (const id of ids) {
      await t.ok(
        x.unitToken,
        `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { id } }`,
        {
          id,
        },
      );
      await t.ok(x.office, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, { id });
      await t.ok(x.office, `mutation($id: ID!) { closeIssue(issueId: $id, comment: "同意销号") { id } }`, { id });
    }
    return ids;
  }

  /** The district's own closure table's total at `asOf`, as its office reads it. */
  async function closureTotal(key: string, asOf: string) {
    const r = await t.ok<{ closureReport: { total: Record<string, number> } }>(
      d[key].office,
      `query($a: DateTime) { closureReport(asOf: $a) { total { total closed closureRate onTimeRate overdue rebounds } } }`,
      { a: asOf },
    );
    return r.closureReport.total;
  }

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-01-05T02:00:00.000Z' });
    const city = await addDistrict(t, '重庆市', '500000', 'CITY');
    cityOffice = city.officeToken;
    cityLeader = await insertToken(t, city.id, 'CITY_LEADER', '市领导');
    await district('nc', OFFICE_TOKEN, DEFAULT_DISTRICT, '南川区');
    for (const [key, name, code] of [
      ['na', '南岸区', '500108'],
      ['wz', '万州区', '500101'],
      ['fl', '涪陵区', '500102'],
      ['yz', '渝中区', '500103'],
      ['dd', '大渡口区', '500104'],
    ]) {
      const x = await addDistrict(t, name, code);
      await district(key, x.officeToken, x.id, name);
    }
    // 2026-Q1, every deadline at the year's end unless said: 南川区 closes 1 of 4 (55), 南岸区 2 of 2 (100), 万州区
    // and 涪陵区 1 of 2 (70 each: a tie), 渝中区 2 of 3 (80), 大渡口区 none of 5, one overdue, and an accountability.
    await file('nc', 4);
    await file('na', 2);
    await file('wz', 2);
    await file('fl', 2);
    await file('yz', 3);
    await file('dd', 4);
    await file('dd', 1, '2026-02-14T16:00:00.000Z');
    t.clock.set('2026-02-20T02:00:00.000Z');
    await close('nc', 1);
    await close('na', 2);
    await close('wz', 1);
    await close('fl', 1);
    const closedYz = await close('yz', 2);
    await t.ok(
      d.dd.office,
      `mutation($input: RecordAccountabilityInput!) { recordAccountability(input: $input) { id } }`,
      {
        input: {
          kind: 'ACCOUNTABILITY',
          unitId: d.dd.unitId,
          decidedOn: '2026-02-18',
          documentNumber: '大渡口区整改办〔2026〕3号',
          reason: '整改严重滞后',
          problemIds: [d.dd.open[0]],
        },
      },
    );
    // The log so far folded into the bookings and the days rolled (each district's projection): Q2's events stay in
    // the tail until the last test folds them too.
    await t.app.get(FigureProjector).catchUp();
    // 2026-Q2: 南川区 closes the rest (4 of 4, on time: 100); 南岸区 gets a new problem (2 of 3: 80); 渝中区's closed
    // problem rebounds (1 of 3 closed, a rebound: 57).
    t.clock.set('2026-04-10T02:00:00.000Z');
    await close('nc', 3);
    await file('na', 1);
    await t.ok(
      d.yz.office,
      `mutation($id: ID!, $due: DateTime!) { revisitIssue(issueId: $id, rebounded: true, comment: "回头看发现反弹", newDueAt: $due) { id } }`,
      { id: closedYz[0], due: FAR },
    );
    // 南岸区's eco-report: two quarterly indicators its town leads, reported for Q1 and confirmed by its office — the
    // binding one on track, the expected one off track: its table part is 100 × 2 / 3 = 66.67, its Q1 score 83.33.
    for (const [code, attribute, value] of [
      ['AIR', 'BINDING', 85],
      ['NOISE', 'EXPECTED', 60],
    ] as const) {
      const made = await t.ok<{ createEcoIndicator: { id: string } }>(
        d.na.office,
        `mutation($input: EcoIndicatorInput!) { createEcoIndicator(input: $input) { id } }`,
        {
          input: {
            code,
            seq: code === 'AIR' ? 1 : 2,
            name: code === 'AIR' ? '环境空气质量优良天数' : '区域环境噪声平均值',
            category: 'ENV_QUALITY',
            attribute,
            measureUnit: code === 'AIR' ? '天' : '分贝',
            direction: code === 'AIR' ? 'AT_LEAST' : 'AT_MOST',
            frequency: 'QUARTER',
            baselineYear: 2020,
            baselineValue: code === 'AIR' ? 80 : 54,
            finalTargetYear: 2025,
            finalTargetValue: code === 'AIR' ? 80 : 55,
            atRiskMargin: 1,
            leadUnitId: d.na.unitId,
          },
        },
      );
      const reported = await t.ok<{ reportEcoValue: { id: string } }>(
        d.na.unitToken,
        `mutation($input: EcoReportInput!) { reportEcoValue(input: $input) { id } }`,
        {
          input: { indicatorId: made.createEcoIndicator.id, period: '2026-Q1', value, sourceNote: '区环境监测站 季报' },
        },
      );
      await t.ok(d.na.office, `mutation($id: ID!) { confirmEcoReport(id: $id) { id } }`, {
        id: reported.reportEcoValue.id,
      });
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('gives each district its own closure table’s figures, for the quarter and the year', async () => {
    const q1 = await scores('2026-Q1');
    expect(q1.map((r) => r.district.name).sort()).toEqual(
      Object.values(d)
        .map((x) => x.name)
        .sort(),
    );
    for (const key of Object.keys(d)) {
      const row = rowOf(q1, key);
      const total = await closureTotal(key, Q1_END);
      expect({ key, ...pick(row) }).toEqual({ key, ...pick({ ...total, problems: total.total }) });
    }
    const q2 = await scores('2026-Q2');
    const year = await scores('2026');
    const now = t.clock.now().toISOString();
    for (const key of Object.keys(d)) {
      const total = await closureTotal(key, now);
      expect({ key, ...pick(rowOf(q2, key)) }).toEqual({ key, ...pick({ ...total, problems: total.total }) });
      expect({ key, ...pick(rowOf(year, key)) }).toEqual({ key, ...pick({ ...total, problems: total.total }) });
    }
    expect(pick(rowOf(q1, 'dd'))).toEqual({
      problems: 5,
      closed: 0,
      closureRate: 0,
      onTimeRate: 0,
      overdue: 1,
      rebounds: 0,
    });
    expect(pick(rowOf(q2, 'yz'))).toEqual({
      problems: 3,
      closed: 1,
      closureRate: 1 / 3,
      onTimeRate: 1,
      overdue: 0,
      rebounds: 1,
    });
    expect(rowOf(year, 'nc').period).toBe('2026');
    // 2025 had no problem on file: only 南岸区 is ranked in it, by its eco-report (its reports for 2025 missing, judged
    // failed as unitScores judges them).
    expect(year.filter((r) => r.previousRank !== null).map((r) => [r.district.name, r.previousRank])).toEqual([
      ['南岸区', 1],
    ]);
    expect(rowOf(year, 'na').rankChange).toBe(1 - rowOf(year, 'na').rank!);
    expect(year.filter((r) => r.rankChange === null).length).toBe(5);
  });

  it('counts the district’s accountability as its units’ records, and scores a district as unitScores scores a unit', async () => {
    const q1 = await scores('2026-Q1');
    const units = await t.ok<{ unitScores: Row[] }>(
      d.dd.office,
      `query { unitScores(period: "2026-Q1") { listScore accountabilityDeduction accountabilityActions interviews publicCriticisms score } }`,
    );
    const unit = units.unitScores[0];
    const row = rowOf(q1, 'dd');
    // One unit per district, the default weights on both sides: the same score by the same function.
    expect({
      listScore: row.listScore,
      accountabilityDeduction: row.accountabilityDeduction,
      accountabilityActions: row.accountabilityActions,
      interviews: row.interviews,
      publicCriticisms: row.publicCriticisms,
      score: row.score,
    }).toEqual(unit);
    expect([row.accountabilityActions, row.accountabilityDeduction, row.score]).toEqual([1, 10, 0]);
    for (const key of ['nc', 'na', 'wz']) {
      const own = await t.ok<{ unitScores: Record<string, unknown>[] }>(
        d[key].office,
        `query { unitScores(period: "2026-Q1") { score listScore tableScore indicators judgedIndicators onTrackIndicators } }`,
      );
      const row = rowOf(q1, key);
      expect({
        score: row.score,
        listScore: row.listScore,
        tableScore: row.tableScore,
        indicators: row.indicators,
        judgedIndicators: row.judgedIndicators,
        onTrackIndicators: row.onTrackIndicators,
      }).toEqual(own.unitScores[0]);
    }
    // 南岸区's table part is its own eco-report's lead side, as its office reads it.
    const table = await t.ok<{ ecoTable: { rows: { cells: { status: string }[] }[] } }>(
      d.na.office,
      `query { ecoTable(periods: ["2026-Q1"]) { rows { cells { status } } } }`,
    );
    expect(table.ecoTable.rows.map((r) => r.cells[0].status).sort()).toEqual(['OFF_TRACK', 'ON_TRACK']);
    expect([rowOf(q1, 'na').tableScore, rowOf(q1, 'na').onTrackIndicators, rowOf(q1, 'na').score]).toEqual([
      66.67, 1, 83.33,
    ]);
  });

  it('ranks with ties shared, and 南川区 goes from 5th to 1st (+4)', async () => {
    const q1 = await scores('2026-Q1');
    expect(q1.map((r) => [r.district.name, r.score, r.rank])).toEqual([
      ['南岸区', 83.33, 1],
      ['渝中区', 80, 2],
      ['万州区', 70, 3],
      ['涪陵区', 70, 3],
      ['南川区', 55, 5],
      ['大渡口区', 0, 6],
    ]);
    expect(q1.every((r) => r.rankedDistricts === 6 && (r.tableScore === null) === (r.district.name !== '南岸区'))).toBe(
      true,
    );
    const q2 = await scores('2026-Q2', cityLeader);
    expect(q2.map((r) => [r.district.name, r.score, r.rank, r.previousRank, r.rankChange])).toEqual([
      ['南川区', 100, 1, 5, 4],
      ['南岸区', 80, 2, 1, -1],
      ['万州区', 70, 3, 3, 0],
      ['涪陵区', 70, 3, 3, 0],
      ['渝中区', 57, 5, 2, -3],
      ['大渡口区', 0, 6, 6, 0],
    ]);
  });

  it('a district’s office and leaders read their own row with its place; a unit reads none', async () => {
    const own = await scores('2026-Q2', d.nc.office);
    expect(own.map((r) => [r.district.name, r.rank, r.previousRank, r.rankChange, r.rankedDistricts])).toEqual([
      ['南川区', 1, 5, 4, 6],
    ]);
    expect((await scores('2026-Q2', d.yz.leader)).map((r) => [r.district.name, r.rank])).toEqual([['渝中区', 5]]);
    expect(codeOf(await t.gql(d.na.unitToken, SCORES, { period: '2026-Q2' }))).toBe('FORBIDDEN');
    const bad = await t.gql(cityOffice, SCORES, { period: '2026-Q5' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(cityOffice, SCORES, { period: '2027' }))).toBe('BAD_USER_INPUT');
  });

  it('the city’s weights: public, set by the city’s office only, validated, recorded; they move scores and order', async () => {
    const read = await t.ok<{ cityWeights: Record<string, unknown> }>(d.na.unitToken, `{ cityWeights { ${WEIGHTS} } }`);
    expect(read.cityWeights).toMatchObject({ listWeight: 0.5, closureRateWeight: 0.6, overduePenalty: 2 });
    for (const token of [OFFICE_TOKEN, d.na.leader, cityLeader])
      expect(codeOf(await t.gql(token, SET, { input: { overduePenalty: 5 } }))).toBe('FORBIDDEN');
    const zero = await t.gql(cityOffice, SET, { input: { closureRateWeight: 0, onTimeRateWeight: 0 } });
    expect([codeOf(zero), zero.errors?.[0]?.extensions.fields]).toEqual([
      'BAD_USER_INPUT',
      ['closureRateWeight', 'onTimeRateWeight'],
    ]);
    expect(codeOf(await t.gql(cityOffice, SET, { input: { atRiskCredit: 2 } }))).toBe('BAD_USER_INPUT');

    // Only the on-time rate counts: 南岸区's eco-report now costs it the lead; the rest tie at 100 (by their codes).
    const set = await t.ok<{ setCityWeights: Record<string, unknown> }>(cityOffice, SET, {
      input: { closureRateWeight: 0, onTimeRateWeight: 1 },
    });
    expect(set.setCityWeights).toMatchObject({ closureRateWeight: 0, onTimeRateWeight: 1, updatedBy: '重庆市整改办' });
    const q1 = await scores('2026-Q1');
    expect(q1.map((r) => [r.district.name, r.score, r.rank])).toEqual([
      ['万州区', 100, 1],
      ['涪陵区', 100, 1],
      ['渝中区', 100, 1],
      ['南川区', 100, 1],
      ['南岸区', 83.33, 5],
      ['大渡口区', 0, 6],
    ]);
    // A district's own weights are its own: its unit scores do not move.
    const own = await t.ok<{ unitScores: { score: number }[] }>(
      OFFICE_TOKEN,
      `query { unitScores(period: "2026-Q1") { score } }`,
    );
    expect(own.unitScores[0].score).toBe(55);
    const audit = await cityWide(() =>
      t.db.query(
        `SELECT actor, actor_role AS role, payload FROM eco_audit WHERE district_id = (SELECT id FROM districts WHERE kind = 'CITY')`,
      ),
    );
    expect(audit).toEqual([
      {
        actor: '重庆市整改办',
        role: 'CITY_OFFICE',
        payload: { closureRateWeight: { from: 0.6, to: 0 }, onTimeRateWeight: { from: 0.4, to: 1 } },
      },
    ]);
    await t.ok(cityOffice, SET, { input: { closureRateWeight: 0.6, onTimeRateWeight: 0.4 } });
    expect((await scores('2026-Q1')).map((r) => r.score)).toEqual([83.33, 80, 70, 70, 55, 0]);
  });

  it('reads the same once every district’s log is folded and its days rolled', async () => {
    const before = await Promise.all(['2026-Q1', '2026-Q2', '2026'].map((p) => scores(p)));
    await t.app.get(FigureProjector).catchUp();
    const after = await Promise.all(['2026-Q1', '2026-Q2', '2026'].map((p) => scores(p)));
    expect(after).toEqual(before);
    const total = await closureTotal('yz', Q1_END);
    expect(pick(rowOf(after[0], 'yz'))).toEqual(pick({ ...total, problems: total.total }));
  });

  describe('the bulletin: GET /reports/district-scores.xlsx', () => {
    const get = (path: string, token: string | null) => {
      const req = request(t.app.getHttpServer()).get(path);
      if (token) req.set('authorization', `Bearer ${token}`);
      return req.buffer(true).parse(binary);
    };

    it('needs a token and a quarter or a year', async () => {
      expect((await get('/reports/district-scores.xlsx?period=2026-Q2', null)).status).toBe(401);
      expect((await get('/reports/district-scores.xlsx?period=2026-04', cityOffice)).status).toBe(400);
      expect((await get('/reports/district-scores.xlsx', cityOffice)).status).toBe(400);
      expect((await get('/reports/district-scores.xlsx?period=2026-Q2', d.na.unitToken)).status).toBe(403);
    });

    it('lays out the ranking with the change of rank and the weights used', async () => {
      const res = await get('/reports/district-scores.xlsx?period=2026-Q2', cityOffice);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('区县排名')!;
      const values = (row: number) =>
        Array.from({ length: 13 }, (_, i) => {
          const v = sheet.getRow(row).getCell(i + 1).value;
          return v === null || v === undefined ? '' : v;
        });
      expect(sheet.getRow(1).getCell(1).value).toBe('各区县生态环境问题整改排名通报（2026年第二季度）');
      expect(values(2)).toEqual([
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
      ]);
      expect(values(3)).toEqual([1, '南川区', 100, 100, '', 4, 4, 1, 1, 0, 0, 0, '↑4']);
      expect([3, 4, 5, 6, 7, 8].map((r) => [values(r)[1], values(r)[12]])).toEqual([
        ['南川区', '↑4'],
        ['南岸区', '↓1'],
        ['万州区', '—'],
        ['涪陵区', '—'],
        ['渝中区', '↓3'],
        ['大渡口区', '—'],
      ]);
      expect(String(sheet.getRow(9).getCell(1).value)).toMatch(
        /^评分说明：综合得分 = 问题清单得分 × 50% \+ 生态报表得分 × 50%/,
      );
      // A district's office downloads its own row.
      const own = await get('/reports/district-scores.xlsx?period=2026', d.yz.office);
      const ownBook = new ExcelJS.Workbook();
      await ownBook.xlsx.load(own.body as unknown as ArrayBuffer);
      const ownSheet = ownBook.getWorksheet('区县排名')!;
      expect(ownSheet.getRow(1).getCell(1).value).toBe('各区县生态环境问题整改排名通报（2026年度）');
      expect(ownSheet.getRow(3).getCell(2).value).toBe('渝中区');
      expect(String(ownSheet.getRow(4).getCell(1).value)).toMatch(/^评分说明/);
    });
  });
});

function pick(r: Record<string, unknown>) {
  return {
    problems: r.problems,
    closed: r.closed,
    closureRate: r.closureRate,
    onTimeRate: r.onTimeRate,
    overdue: r.overdue,
    rebounds: r.rebounds,
  };
}
