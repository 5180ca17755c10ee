// 生态报表 and the 一单一表 score over GraphQL: indicators from the plan's table (专栏2), reports by period, status
// against targets and the path, unit scoping, the ranked score, and the xlsx export.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import {
  createToken,
  createUnitWithToken,
  issueIn,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';
import { binary } from '../support/binary-body.js';

const IND = `id code seq name category attribute measureUnit direction frequency baselineYear baselineValue baselineLabel baselineText
  finalTargetYear finalTargetValue finalTargetNote targetText atRiskMargin yearlyTargets { year value note } leadUnit { id name }
  units { unit { id } role targetShare }`;
const REPORT = `id indicatorId indicatorCode unit { id } periodKey value sourceNote evidenceIds state reason supersedesId supersededById
  reportedBy reportedByRole decidedBy decisionComment`;
const CELL = `period reportPeriod value yearTarget path status dueAt confirmedReportId submittedReportId submittedValue`;
const TABLE = `query($periods: [String!]!, $category: EcoCategory, $attribute: EcoAttribute, $unitId: ID) {
  ecoTable(periods: $periods, category: $category, attribute: $attribute, unitId: $unitId) {
    periods rows { indicator { code } unit { id } role targetShare cells { ${CELL} } }
  }
}`;
const SCORES = `query($period: String!) {
  unitScores(period: $period) {
    unit { id name } period rank score listScore tableScore problems closed closureRate onTimeRate overdue rebounds indicators judgedIndicators onTrackIndicators
  }
}`;

interface Indicator {
  id: string;
  code: string;
  targetText: string;
  baselineText: string;
  finalTargetValue: number | null;
  yearlyTargets: { year: number; value: number | null; note: string | null }[];
  leadUnit: { id: string; name: string };
  units: { unit: { id: string }; role: string; targetShare: number | null }[];
  [k: string]: unknown;
}
interface Report {
  id: string;
  unit: { id: string };
  periodKey: string;
  value: number;
  state: string;
  reason: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  reportedByRole: string;
  decisionComment: string | null;
  [k: string]: unknown;
}
interface Cell {
  period: string;
  reportPeriod: string;
  value: number | null;
  yearTarget: number | null;
  path: number | null;
  status: string;
  dueAt: string;
  confirmedReportId: string | null;
  submittedReportId: string | null;
  submittedValue: number | null;
}
interface Row {
  indicator: { code: string };
  unit: { id: string };
  role: string;
  targetShare: number | null;
  cells: Cell[];
}
interface Score {
  unit: { id: string; name: string };
  rank: number | null;
  score: number | null;
  listScore: number | null;
  tableScore: number | null;
  problems: number;
  closed: number;
  closureRate: number;
  onTimeRate: number;
  overdue: number;
  indicators: number;
  judgedIndicators: number;
  onTrackIndicators: number;
  [k: string]: unknown;
}

const T0 = '2025-11-03T02:00:00.000Z'; // Monday 3 Nov 2025, 10:00 in Shanghai
const T1 = '2026-03-02T02:00:00.000Z'; // Monday 2 Mar 2026: 2024 and 2025 have ended and are due

describe('eco-report (生态报表) and the 一单一表 score', () => {
  let t: TestApp;
  let env: UnitWithToken; // 区生态环境局
  let forestry: UnitWithToken; // 区林业局
  let dev: UnitWithToken; // 区发展改革委
  let town1: UnitWithToken; // 水江镇
  let town2: UnitWithToken; // 南平镇
  let city: UnitWithToken; // 区城市管理局: problems, no indicators
  let leader: string;
  const ind: Record<string, Indicator> = {};

  const codeOf = (e: GqlReply<unknown>) => e.errors?.[0]?.extensions.code;
  const fieldsOf = (e: GqlReply<unknown>) => e.errors?.[0]?.extensions.fields;
  const create = async (input: Record<string, unknown>, token = OFFICE_TOKEN) =>
    t.gql<{ createEcoIndicator: Indicator }>(
      token,
      `mutation($input: EcoIndicatorInput!) { createEcoIndicator(input: $input) { ${IND} } }`,
      { input },
    );
  const update = async (id: string, input: Record<string, unknown>, token = OFFICE_TOKEN) =>
    t.gql<{ updateEcoIndicator: Indicator }>(
      token,
      `mutation($id: ID!, $input: EcoIndicatorPatch!) { updateEcoIndicator(id: $id, input: $input) { ${IND} } }`,
      {
        id,
        input,
      },
    );
  const indicators = async (token: string, args: Record<string, unknown> = {}) =>
    (
      await t.ok<{ ecoIndicators: Indicator[] }>(
        token,
        `query($unitId: ID, $category: EcoCategory) { ecoIndicators(unitId: $unitId, category: $category) { ${IND} } }`,
        args,
      )
    ).ecoIndicators;
  const report = async (token: string, input: Record<string, unknown>) =>
    t.gql<{ reportEcoValue: Report }>(
      token,
      `mutation($input: EcoReportInput!) { reportEcoValue(input: $input) { ${REPORT} } }`,
      {
        input: { sourceNote: '区生态环境监测站 年报', ...input },
      },
    );
  const reportOk = async (token: string, input: Record<string, unknown>): Promise<Report> => {
    const r = await report(token, input);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data!.reportEcoValue;
  };
  const confirm = async (id: string, token = OFFICE_TOKEN) =>
    t.gql<{ confirmEcoReport: Report }>(
      token,
      `mutation($id: ID!) { confirmEcoReport(id: $id, comment: "数据核实无误") { ${REPORT} } }`,
      { id },
    );
  const reportAndConfirm = async (token: string, input: Record<string, unknown>): Promise<Report> => {
    const r = await reportOk(token, input);
    const c = await confirm(r.id);
    if (c.errors?.length) throw new Error(JSON.stringify(c.errors));
    return c.data!.confirmEcoReport;
  };
  const table = async (periods: string[], args: Record<string, unknown> = {}, token = OFFICE_TOKEN): Promise<Row[]> =>
    (await t.ok<{ ecoTable: { periods: string[]; rows: Row[] } }>(token, TABLE, { periods, ...args })).ecoTable.rows;
  const cellOf = async (
    code: string,
    period: string,
    args: Record<string, unknown> = {},
    token = OFFICE_TOKEN,
  ): Promise<Cell> => {
    const row = (await table([period], args, token)).find((r) => r.indicator.code === code);
    if (!row) throw new Error(`no row for ${code}`);
    return row.cells[0];
  };
  const scores = async (period: string, token = OFFICE_TOKEN): Promise<Score[]> =>
    (await t.ok<{ unitScores: Score[] }>(token, SCORES, { period })).unitScores;

  beforeAll(async () => {
    t = await createTestApp({ now: T0 });
    await closingAtAcceptance(t);
    env = await createUnitWithToken(t, { name: '区生态环境局' });
    forestry = await createUnitWithToken(t, { name: '区林业局' });
    dev = await createUnitWithToken(t, { name: '区发展改革委' });
    town1 = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    town2 = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    city = await createUnitWithToken(t, { name: '区城市管理局' });
    leader = await createToken(t, 'LEADER', undefined, '区领导');

    // The list in November 2025: env closes both of its problems on time; the city closes one and lets one run
    // past its 21 Nov deadline; 南平镇 is still working on one due in 2026.
    await issueIn(t, 'CLOSED', env);
    await issueIn(t, 'CLOSED', env);
    await issueIn(t, 'CLOSED', city);
    await issueIn(t, 'RECTIFYING.inProgress', city, { dueAt: '2025-11-20T16:00:00.000Z' });
    await issueIn(t, 'RECTIFYING.inProgress', town2, { dueAt: '2026-01-31T16:00:00.000Z' });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('indicators: the office manages them', () => {
    it("creates the plan's indicators with baselines, targets (some pending), a lead and contributors with shares", async () => {
      const base = { category: 'ENV_QUALITY', attribute: 'BINDING', baselineYear: 2020, finalTargetYear: 2025 };
      const made = [
        await create({
          ...base,
          code: 'AIR',
          seq: 1,
          name: '环境空气质量优良天数',
          measureUnit: '天',
          direction: 'AT_LEAST',
          baselineValue: 354,
          baselineLabel: '354*',
          finalTargetValue: 330,
          atRiskMargin: 5,
          leadUnitId: env.id,
          contributors: [{ unitId: town1.id, targetShare: 320, note: '水江镇站点' }],
        }),
        await create({
          ...base,
          code: 'PM25',
          seq: 2,
          name: '细颗粒物（PM2.5）年均浓度',
          measureUnit: '微克/立方米',
          direction: 'AT_MOST',
          baselineValue: 26,
          baselineLabel: '26*',
          finalTargetValue: 30,
          atRiskMargin: 2,
          leadUnitId: env.id,
        }),
        await create({
          ...base,
          code: 'NOX',
          seq: 5,
          category: 'EMISSION_REDUCTION',
          name: '氮氧化物排放量下降',
          measureUnit: '%',
          direction: 'HIGHER_BETTER',
          baselineValue: 0,
          baselineLabel: '【21.6】',
          finalTargetValue: null,
          atRiskMargin: 0.5,
          leadUnitId: env.id,
        }),
        await create({
          ...base,
          code: 'FOREST',
          seq: 13,
          category: 'ECOLOGY',
          name: '森林覆盖率',
          measureUnit: '%',
          direction: 'HIGHER_BETTER',
          baselineValue: 55.2,
          finalTargetValue: 58,
          atRiskMargin: 0.5,
          leadUnitId: forestry.id,
          contributors: [{ unitId: town1.id, targetShare: 60 }, { unitId: town2.id }],
        }),
        await create({
          ...base,
          code: 'PARK',
          seq: 16,
          category: 'ECOLOGY',
          attribute: 'EXPECTED',
          name: '城市人均公园绿地面积',
          measureUnit: '平方米/人',
          direction: 'HIGHER_BETTER',
          baselineValue: 12.96,
          finalTargetValue: 15,
          atRiskMargin: 0.2,
          leadUnitId: town2.id,
        }),
        await create({
          ...base,
          code: 'ENERGY',
          seq: 18,
          category: 'LOW_CARBON',
          name: '单位GDP能源消耗',
          measureUnit: '吨/万元',
          direction: 'LOWER_BETTER',
          frequency: 'QUARTER',
          baselineValue: 0.668,
          finalTargetValue: 0.65,
          atRiskMargin: 0.005,
          leadUnitId: dev.id,
        }),
      ];
      for (const m of made) {
        expect(m.errors).toBeUndefined();
        ind[m.data!.createEcoIndicator.code] = m.data!.createEcoIndicator;
      }
      expect(ind.AIR).toMatchObject({
        seq: 1,
        category: 'ENV_QUALITY',
        attribute: 'BINDING',
        direction: 'AT_LEAST',
        frequency: 'YEAR',
        baselineValue: 354,
        baselineText: '354*',
        finalTargetValue: 330,
        targetText: '≥330',
        atRiskMargin: 5,
        leadUnit: { id: env.id, name: '区生态环境局' },
        units: [
          { unit: { id: env.id }, role: 'LEAD', targetShare: null },
          { unit: { id: town1.id }, role: 'CONTRIBUTOR', targetShare: 320 },
        ],
      });
      expect(ind.PM25.targetText).toBe('≤30');
      expect(ind.NOX).toMatchObject({ finalTargetValue: null, targetText: '由市级下达', baselineText: '【21.6】' });
      expect(ind.FOREST).toMatchObject({ baselineText: '55.2', targetText: '58' });
      expect(ind.ENERGY.frequency).toBe('QUARTER');
    });

    it('refuses what cannot be judged or named twice', async () => {
      const input = {
        code: 'GREEN',
        seq: 15,
        name: '城市建成区绿化覆盖率',
        category: 'ECOLOGY',
        attribute: 'EXPECTED',
        measureUnit: '%',
        direction: 'HIGHER_BETTER',
        baselineYear: 2020,
        baselineValue: 39.5,
        finalTargetYear: 2025,
        finalTargetValue: 40,
        leadUnitId: city.id,
      };
      const noBaseline = await create({ ...input, baselineValue: null });
      expect([codeOf(noBaseline), fieldsOf(noBaseline)]).toEqual(['BAD_USER_INPUT', ['baselineValue']]);
      const taken = await create({ ...input, code: 'AIR' });
      expect([codeOf(taken), fieldsOf(taken)]).toEqual(['BAD_USER_INPUT', ['code']]);
      const leadTwice = await create({ ...input, contributors: [{ unitId: city.id }] });
      expect([codeOf(leadTwice), fieldsOf(leadTwice)]).toEqual(['BAD_USER_INPUT', ['contributors']]);
      const backwards = await create({ ...input, finalTargetYear: 2020 });
      expect([codeOf(backwards), fieldsOf(backwards)]).toEqual(['BAD_USER_INPUT', ['finalTargetYear']]);
      const twoTargets = await create({
        ...input,
        yearlyTargets: [
          { year: 2024, value: 39.8 },
          { year: 2024, value: 39.9 },
        ],
      });
      expect([codeOf(twoTargets), fieldsOf(twoTargets)]).toEqual(['BAD_USER_INPUT', ['yearlyTargets']]);
    });

    it('lets only the office create, change or delete an indicator', async () => {
      const input = {
        code: 'TMP',
        seq: 99,
        name: '临时指标',
        category: 'RISK_CONTROL',
        attribute: 'EXPECTED',
        measureUnit: '%',
        direction: 'AT_LEAST',
        baselineYear: 2020,
        finalTargetYear: 2025,
        finalTargetValue: 95,
        leadUnitId: city.id,
      };
      for (const token of [env.token, leader]) {
        expect(codeOf(await create(input, token))).toBe('FORBIDDEN');
        expect(codeOf(await update(ind.AIR.id, { name: '改名' }, token))).toBe('FORBIDDEN');
        expect(
          codeOf(await t.gql(token, `mutation($id: ID!) { deleteEcoIndicator(id: $id) }`, { id: ind.AIR.id })),
        ).toBe('FORBIDDEN');
      }
      const tmp = (await create(input)).data!.createEcoIndicator;
      const changed = await update(tmp.id, {
        name: '受污染建设用地安全利用率',
        finalTargetValue: null,
        finalTargetNote: '待市级下达',
      });
      expect(changed.data!.updateEcoIndicator).toMatchObject({
        name: '受污染建设用地安全利用率',
        finalTargetValue: null,
        targetText: '待市级下达',
        seq: 99,
      });
      expect(
        (
          await t.ok<{ deleteEcoIndicator: boolean }>(
            OFFICE_TOKEN,
            `mutation($id: ID!) { deleteEcoIndicator(id: $id) }`,
            { id: tmp.id },
          )
        ).deleteEcoIndicator,
      ).toBe(true);
      expect(
        (
          await t.ok<{ ecoIndicator: unknown }>(OFFICE_TOKEN, `query($id: ID!) { ecoIndicator(id: $id) { id } }`, {
            id: tmp.id,
          })
        ).ecoIndicator,
      ).toBeNull();
      const audit = await t.ok<{ ecoAudit: { action: string; actor: string; details: string }[] }>(
        OFFICE_TOKEN,
        `query($id: ID) { ecoAudit(indicatorId: $id) { action actor details } }`,
        { id: tmp.id },
      );
      expect(audit.ecoAudit.map((a) => a.action)).toEqual([
        'INDICATOR_CREATED',
        'INDICATOR_UPDATED',
        'INDICATOR_DELETED',
      ]);
      expect(JSON.parse(audit.ecoAudit[1].details)).toMatchObject({
        name: { from: '临时指标', to: '受污染建设用地安全利用率' },
        finalTargetValue: { from: 95, to: null },
      });
    });
  });

  describe('unit scoping', () => {
    it('shows a unit the indicators it leads or contributes to, and leaders everything', async () => {
      expect((await indicators(town1.token)).map((i) => i.code)).toEqual(['AIR', 'FOREST']);
      expect((await indicators(town2.token)).map((i) => i.code)).toEqual(['FOREST', 'PARK']);
      expect(await indicators(city.token)).toEqual([]);
      expect((await indicators(leader)).map((i) => i.code)).toEqual(['AIR', 'PM25', 'NOX', 'FOREST', 'PARK', 'ENERGY']);
      expect((await indicators(leader, { unitId: env.id })).map((i) => i.code)).toEqual(['AIR', 'PM25', 'NOX']);
      expect((await indicators(OFFICE_TOKEN, { category: 'ECOLOGY' })).map((i) => i.code)).toEqual(['FOREST', 'PARK']);
      const other = await t.gql(town1.token, `query($unitId: ID) { ecoIndicators(unitId: $unitId) { id } }`, {
        unitId: env.id,
      });
      expect(codeOf(other)).toBe('FORBIDDEN');
      expect(
        (
          await t.ok<{ ecoIndicator: unknown }>(town1.token, `query($id: ID!) { ecoIndicator(id: $id) { id } }`, {
            id: ind.PM25.id,
          })
        ).ecoIndicator,
      ).toBeNull();
    });

    it('lets a unit report only on its own indicators, for itself; leaders not at all', async () => {
      t.clock.set(T1);
      expect(codeOf(await report(town1.token, { indicatorId: ind.PM25.id, period: '2025', value: 30 }))).toBe(
        'FORBIDDEN',
      );
      expect(
        codeOf(await report(town1.token, { indicatorId: ind.AIR.id, unitId: env.id, period: '2025', value: 330 })),
      ).toBe('FORBIDDEN');
      expect(
        codeOf(await report(leader, { indicatorId: ind.AIR.id, unitId: env.id, period: '2025', value: 330 })),
      ).toBe('FORBIDDEN');
      expect(await t.ok<{ ecoReports: unknown[] }>(OFFICE_TOKEN, `{ ecoReports { id } }`)).toEqual({ ecoReports: [] });
    });
  });

  describe('reports: report, confirm, return, supersede', () => {
    it('reports a value that waits for the office, then counts once confirmed', async () => {
      const r = await reportOk(env.token, {
        indicatorId: ind.AIR.id,
        period: '2024',
        value: 328,
        evidenceIds: ['ev-2024-air'],
      });
      expect(r).toMatchObject({
        unit: { id: env.id },
        periodKey: '2024',
        value: 328,
        state: 'SUBMITTED',
        evidenceIds: ['ev-2024-air'],
        reportedByRole: 'UNIT',
      });
      expect(await cellOf('AIR', '2024')).toMatchObject({
        status: 'AWAITING_CONFIRMATION',
        value: null,
        submittedValue: 328,
        submittedReportId: r.id,
      });

      const again = await report(env.token, { indicatorId: ind.AIR.id, period: '2024', value: 329 });
      expect([codeOf(again), fieldsOf(again)]).toEqual(['BAD_USER_INPUT', ['period']]);
      expect(codeOf(await confirm(r.id, env.token))).toBe('FORBIDDEN');

      const c = (await confirm(r.id)).data!.confirmEcoReport;
      expect(c).toMatchObject({ state: 'CONFIRMED', decidedBy: 'bootstrap', decisionComment: '数据核实无误' });
      // 328 good-air days (seed 001) against ≥ 330 with a 5-day margin
      expect(await cellOf('AIR', '2024')).toMatchObject({
        status: 'AT_RISK',
        value: 328,
        yearTarget: 330,
        path: null,
        confirmedReportId: r.id,
        submittedReportId: null,
      });
      expect(codeOf(await confirm(r.id))).toBe('INVALID_TRANSITION');
    });

    it('refuses a period of the wrong kind, one not yet ended, and the office reporting without naming the unit', async () => {
      const wrongKind = await report(dev.token, { indicatorId: ind.ENERGY.id, period: '2025', value: 0.65 });
      expect([codeOf(wrongKind), fieldsOf(wrongKind)]).toEqual(['BAD_USER_INPUT', ['period']]);
      const running = await report(dev.token, { indicatorId: ind.ENERGY.id, period: '2026-Q1', value: 0.65 });
      expect([codeOf(running), fieldsOf(running)]).toEqual(['BAD_USER_INPUT', ['period']]);
      const malformed = await report(dev.token, { indicatorId: ind.ENERGY.id, period: '2026-Q5', value: 0.65 });
      expect([codeOf(malformed), fieldsOf(malformed)]).toEqual(['BAD_USER_INPUT', ['period']]);
      const unnamed = await report(OFFICE_TOKEN, { indicatorId: ind.PARK.id, period: '2025', value: 14 });
      expect([codeOf(unnamed), fieldsOf(unnamed)]).toEqual(['BAD_USER_INPUT', ['unitId']]);
      const notInvolved = await report(OFFICE_TOKEN, {
        indicatorId: ind.PARK.id,
        unitId: city.id,
        period: '2025',
        value: 14,
      });
      expect([codeOf(notInvolved), fieldsOf(notInvolved)]).toEqual(['BAD_USER_INPUT', ['unitId']]);
    });

    it('returns a report with a comment; a returned report counts for nothing and the unit reports again', async () => {
      const first = await reportOk(town2.token, { indicatorId: ind.PARK.id, period: '2025', value: 16.5 });
      expect(
        codeOf(
          await t.gql(town2.token, `mutation($id: ID!) { returnEcoReport(id: $id, comment: "x") { id } }`, {
            id: first.id,
          }),
        ),
      ).toBe('FORBIDDEN');
      const returned = await t.ok<{ returnEcoReport: Report }>(
        OFFICE_TOKEN,
        `mutation($id: ID!) { returnEcoReport(id: $id, comment: "数值与统计公报不符，请核实") { ${REPORT} } }`,
        { id: first.id },
      );
      expect(returned.returnEcoReport).toMatchObject({
        state: 'RETURNED',
        decisionComment: '数值与统计公报不符，请核实',
      });
      expect(codeOf(await confirm(first.id))).toBe('INVALID_TRANSITION');
      // 2025's report was due in January: with the returned one not counting, it is missing
      expect(await cellOf('PARK', '2025')).toMatchObject({ status: 'MISSING', value: null });
      // the office may report for the unit, naming it
      const second = await reportOk(OFFICE_TOKEN, {
        indicatorId: ind.PARK.id,
        unitId: town2.id,
        period: '2025',
        value: 14.2,
        sourceNote: '区统计局 统计公报',
      });
      expect(second).toMatchObject({
        reportedByRole: 'OFFICE',
        unit: { id: town2.id },
        state: 'SUBMITTED',
        supersedesId: null,
      });
      await confirm(second.id);
      // path in 2025 = the final target 15: 0.8 short, beyond the 0.2 margin
      expect(await cellOf('PARK', '2025')).toMatchObject({ status: 'OFF_TRACK', value: 14.2, path: 15 });
    });

    it('never overwrites a confirmed value: a new report supersedes it only with a reason, and the old row stays', async () => {
      const old = await reportAndConfirm(forestry.token, {
        indicatorId: ind.FOREST.id,
        period: '2024',
        value: 57,
        sourceNote: '林业资源二类调查',
      });
      // path in 2024: 55.2 + 2.8 × 4/5 = 57.44; 0.44 behind, within the 0.5 margin
      expect(await cellOf('FOREST', '2024')).toMatchObject({
        status: 'AT_RISK',
        value: 57,
        path: expect.closeTo(57.44, 9),
        yearTarget: null,
      });

      const noReason = await report(forestry.token, { indicatorId: ind.FOREST.id, period: '2024', value: 57.6 });
      expect([codeOf(noReason), fieldsOf(noReason)]).toEqual(['BAD_USER_INPUT', ['reason']]);
      const fix = await reportOk(forestry.token, {
        indicatorId: ind.FOREST.id,
        period: '2024',
        value: 57.6,
        reason: '补充退耕还林地块后更正',
      });
      expect(fix).toMatchObject({ state: 'SUBMITTED', supersedesId: old.id, reason: '补充退耕还林地块后更正' });
      // until the office confirms the correction, the confirmed value stands
      expect(await cellOf('FOREST', '2024')).toMatchObject({ status: 'AT_RISK', value: 57, submittedValue: 57.6 });

      await confirm(fix.id);
      expect(await cellOf('FOREST', '2024')).toMatchObject({
        status: 'ON_TRACK',
        value: 57.6,
        confirmedReportId: fix.id,
      });
      const rows = (
        await t.ok<{ ecoReports: Report[] }>(
          OFFICE_TOKEN,
          `query($id: ID) { ecoReports(indicatorId: $id, period: "2024") { ${REPORT} } }`,
          { id: ind.FOREST.id },
        )
      ).ecoReports;
      expect(rows.map((r) => [r.id, r.value, r.state, r.supersedesId, r.supersededById])).toEqual([
        [old.id, 57, 'SUPERSEDED', null, fix.id],
        [fix.id, 57.6, 'CONFIRMED', old.id, null],
      ]);

      const audit = await t.ok<{
        ecoAudit: { action: string; reportId: string; actor: string; actorRole: string; comment: string | null }[];
      }>(leader, `query($id: ID) { ecoAudit(indicatorId: $id) { action reportId actor actorRole comment } }`, {
        id: ind.FOREST.id,
      });
      expect(audit.ecoAudit.map((a) => [a.action, a.reportId, a.actorRole])).toEqual([
        ['INDICATOR_CREATED', null, 'OFFICE'],
        ['REPORTED', old.id, 'UNIT'],
        ['CONFIRMED', old.id, 'OFFICE'],
        ['REPORTED', fix.id, 'UNIT'],
        ['SUPERSEDED', old.id, 'OFFICE'],
        ['CONFIRMED', fix.id, 'OFFICE'],
      ]);
      expect(audit.ecoAudit[3]).toMatchObject({ actor: '区林业局整改专班', comment: '补充退耕还林地块后更正' });
      expect(codeOf(await t.gql(forestry.token, `{ ecoAudit { id } }`))).toBe('FORBIDDEN');
    });

    it('keeps the database from changing a reported value or deleting it', async () => {
      await expect(t.db.query(`UPDATE eco_reports SET value = 99 WHERE period_key = '2024'`)).rejects.toThrow(
        /never changed/,
      );
      await expect(t.db.query(`DELETE FROM eco_reports`)).rejects.toThrow(/never deleted/);
      await expect(t.db.query(`DELETE FROM eco_audit`)).rejects.toThrow(/append-only/);
    });

    it('shows a unit its own reports only', async () => {
      await reportAndConfirm(town1.token, { indicatorId: ind.FOREST.id, period: '2025', value: 61 });
      const mine = (await t.ok<{ ecoReports: Report[] }>(town1.token, `{ ecoReports { ${REPORT} } }`)).ecoReports;
      expect(mine.map((r) => r.unit.id)).toEqual([town1.id]);
      expect(codeOf(await t.gql(town1.token, `query($u: ID) { ecoReports(unitId: $u) { id } }`, { u: env.id }))).toBe(
        'FORBIDDEN',
      );
      expect((await t.ok<{ ecoReports: Report[] }>(leader, `{ ecoReports { id } }`)).ecoReports.length).toBeGreaterThan(
        1,
      );
    });
  });

  describe('status against targets and the path', () => {
    it('judges thresholds against the final target (PM2.5 ≤ 30: 36.3 in 2024 is off track)', async () => {
      await reportAndConfirm(env.token, { indicatorId: ind.PM25.id, period: '2024', value: 36.3 });
      expect(await cellOf('PM25', '2024')).toMatchObject({
        status: 'OFF_TRACK',
        value: 36.3,
        yearTarget: 30,
        path: null,
      });
    });

    it('is PENDING_TARGET until the city sets the target, then judged on the path', async () => {
      const nox = await reportAndConfirm(env.token, { indicatorId: ind.NOX.id, period: '2024', value: 9 });
      expect(await cellOf('NOX', '2024')).toMatchObject({
        status: 'PENDING_TARGET',
        value: 9,
        yearTarget: null,
        path: null,
        confirmedReportId: nox.id,
      });
      // the city hands down 10% by 2025: the path in 2024 is 8%
      await update(ind.NOX.id, { finalTargetValue: 10, finalTargetNote: null });
      expect(await cellOf('NOX', '2024')).toMatchObject({ status: 'ON_TRACK', path: expect.closeTo(8, 9) });
    });

    it("judges a trajectory against the year's own target too, pending or set", async () => {
      await reportAndConfirm(forestry.token, { indicatorId: ind.FOREST.id, period: '2025', value: 58.2 });
      expect(await cellOf('FOREST', '2025')).toMatchObject({ status: 'ON_TRACK', path: 58 });
      await update(ind.FOREST.id, { yearlyTargets: [{ year: 2025, value: null, note: '由市级下达' }] });
      expect(await cellOf('FOREST', '2025')).toMatchObject({ status: 'PENDING_TARGET', value: 58.2, yearTarget: null });
      const set = (await update(ind.FOREST.id, { yearlyTargets: [{ year: 2025, value: 58.5 }] })).data!
        .updateEcoIndicator;
      expect(set.yearlyTargets).toEqual([{ year: 2025, value: 58.5, note: null }]);
      // on the path, 0.3 short of the year's own 58.5: within the margin
      expect(await cellOf('FOREST', '2025')).toMatchObject({ status: 'AT_RISK', yearTarget: 58.5, path: 58 });
      // the other year is untouched
      expect(await cellOf('FOREST', '2024')).toMatchObject({ status: 'ON_TRACK', yearTarget: null });
    });

    it("reads the path at the end of each quarter and answers coarser columns with the indicator's own period", async () => {
      await reportAndConfirm(dev.token, { indicatorId: ind.ENERGY.id, period: '2025-Q2', value: 0.651 });
      await reportAndConfirm(dev.token, { indicatorId: ind.ENERGY.id, period: '2025-Q3', value: 0.66 });
      const [row] = (await table(['2025-Q2', '2025-Q3', '2025'], { category: 'LOW_CARBON' })).map((r) => r.cells);
      // 2025-Q2 ends at 2024.5 on the plan axis: 0.668 − 0.018 × 4.5/5 = 0.6518
      expect(row[0]).toMatchObject({
        period: '2025-Q2',
        reportPeriod: '2025-Q2',
        status: 'ON_TRACK',
        path: expect.closeTo(0.6518, 9),
      });
      expect(row[1]).toMatchObject({
        period: '2025-Q3',
        reportPeriod: '2025-Q3',
        status: 'OFF_TRACK',
        path: expect.closeTo(0.6509, 9),
      });
      // the year is answered by its last quarter, not reported yet and long due
      expect(row[2]).toMatchObject({ period: '2025', reportPeriod: '2025-Q4', status: 'MISSING', value: null });
      // a yearly indicator answers a quarter with its year
      expect(await cellOf('AIR', '2025-Q2')).toMatchObject({ reportPeriod: '2025', status: 'MISSING' });
    });

    it("shows a contributor with a share its own figure, and one without the district's", async () => {
      const mine = await table(['2025'], {}, town1.token);
      expect(mine.map((r) => [r.indicator.code, r.role, r.targetShare])).toEqual([
        ['AIR', 'CONTRIBUTOR', 320],
        ['FOREST', 'CONTRIBUTOR', 60],
      ]);
      expect(mine[1].cells[0]).toMatchObject({ status: 'ON_TRACK', value: 61, yearTarget: 60, path: null });
      expect(mine[0].cells[0]).toMatchObject({ status: 'MISSING', value: null, yearTarget: 320 });
      expect(await table(['2025'], { unitId: town1.id }, OFFICE_TOKEN)).toEqual(mine);
      expect(codeOf(await t.gql(town1.token, TABLE, { periods: ['2025'], unitId: env.id }))).toBe('FORBIDDEN');

      const forest = (await table(['2025'], {}, town2.token)).find((r) => r.indicator.code === 'FOREST')!;
      expect(forest).toMatchObject({ role: 'CONTRIBUTOR', targetShare: null });
      expect(forest.cells[0]).toMatchObject({ status: 'AT_RISK', value: 58.2, yearTarget: 58.5 });
    });

    it('filters the table by category, attribute and unit', async () => {
      expect((await table(['2025'], { category: 'ECOLOGY' })).map((r) => r.indicator.code)).toEqual(['FOREST', 'PARK']);
      expect((await table(['2025'], { attribute: 'EXPECTED' })).map((r) => r.indicator.code)).toEqual(['PARK']);
      expect((await table(['2025'], { unitId: env.id }, leader)).map((r) => [r.indicator.code, r.role])).toEqual([
        ['AIR', 'LEAD'],
        ['PM25', 'LEAD'],
        ['NOX', 'LEAD'],
      ]);
      expect(await table(['2025'], {}, city.token)).toEqual([]);
      const bad = await t.gql(OFFICE_TOKEN, TABLE, { periods: ['2025', 'Q3'] });
      expect([codeOf(bad), fieldsOf(bad)]).toEqual(['BAD_USER_INPUT', ['periods']]);
    });
  });

  describe('the 一单一表 score', () => {
    it("scores every unit for 2025 from the list at the year's end and its indicators, and ranks them", async () => {
      await reportAndConfirm(env.token, { indicatorId: ind.AIR.id, period: '2025', value: 332 }); // ON_TRACK
      await reportAndConfirm(env.token, { indicatorId: ind.PM25.id, period: '2025', value: 31.5 }); // AT_RISK
      await reportAndConfirm(town1.token, { indicatorId: ind.AIR.id, period: '2025', value: 318 }); // its share 320: AT_RISK
      await reportAndConfirm(dev.token, { indicatorId: ind.ENERGY.id, period: '2025-Q4', value: 0.65 }); // ON_TRACK
      // NOX 2025 is never reported: MISSING

      const rows = await scores('2025');
      const at = (u: UnitWithToken) => rows.find((r) => r.unit.id === u.id)!;
      // env: list 100 (2 of 2 closed on time); table (2 × 1 + 2 × 0.5 + 2 × 0) / 6 = 50 → 75
      expect(at(env)).toMatchObject({
        listScore: 100,
        tableScore: 50,
        score: 75,
        problems: 2,
        closed: 2,
        closureRate: 1,
        onTimeRate: 1,
        overdue: 0,
        indicators: 3,
        judgedIndicators: 3,
        onTrackIndicators: 1,
      });
      // the city: 1 of 2 closed, on time, 1 overdue at the year's end → 100 × (0.6 × 0.5 + 0.4 × 1) − 2 = 68; no indicators
      expect(at(city)).toMatchObject({
        listScore: 68,
        tableScore: null,
        score: 68,
        problems: 2,
        closed: 1,
        overdue: 1,
        indicators: 0,
      });
      // forestry: no problems; FOREST at risk (58.2 against the year's 58.5) → 50
      expect(at(forestry)).toMatchObject({ listScore: null, tableScore: 50, score: 50 });
      // 水江镇: its shares — AIR at risk (318 < 320), FOREST on track (61 ≥ 60) → (1 + 2) / 4 = 75
      expect(at(town1)).toMatchObject({
        listScore: null,
        tableScore: 75,
        score: 75,
        indicators: 2,
        onTrackIndicators: 1,
      });
      // 南平镇: list 0 (its one problem open); FOREST (binding, the district's AT_RISK) 1 of 2 + PARK (expected) off track 0 of 1 → 33.33 → 16.67
      expect(at(town2)).toMatchObject({ listScore: 0, tableScore: 33.33, score: 16.67, problems: 1, closed: 0 });
      // 区发展改革委: ENERGY's last quarter on track → 100
      expect(at(dev)).toMatchObject({ listScore: null, tableScore: 100, score: 100 });
      expect(rows.map((r) => [r.unit.name, r.rank])).toEqual([
        ['区发展改革委', 1],
        ['区生态环境局', 2],
        ['水江镇', 2],
        ['区城市管理局', 4],
        ['区林业局', 5],
        ['南平镇', 6],
      ]);
    });

    it('gives a unit its own row, with its place in the ranking; leaders all', async () => {
      expect((await scores('2025', town1.token)).map((r) => [r.unit.id, r.rank, r.score])).toEqual([[town1.id, 2, 75]]);
      expect((await scores('2025', leader)).length).toBe(6);
      // Its place among the units with a score, which it does not read.
      const withScore = (await scores('2025', leader)).filter((r) => r.score !== null).length;
      const place = `query($period: String!) { unitScores(period: $period) { rank rankedUnits } }`;
      expect((await t.ok<{ unitScores: unknown[] }>(town1.token, place, { period: '2025' })).unitScores).toEqual([
        { rank: 2, rankedUnits: withScore },
      ]);
      const early = await t.gql(OFFICE_TOKEN, SCORES, { period: '2027' });
      expect([codeOf(early), fieldsOf(early)]).toEqual(['BAD_USER_INPUT', ['period']]);
    });

    it('follows the weights the office sets, and only the office', async () => {
      const SET = `mutation($input: EcoSettingsInput!) { updateEcoSettings(input: $input) { reportDueWorkingDays listWeight tableWeight atRiskCredit bindingWeight updatedBy } }`;
      expect(codeOf(await t.gql(env.token, SET, { input: { atRiskCredit: 0 } }))).toBe('FORBIDDEN');
      const zero = await t.gql(OFFICE_TOKEN, SET, { input: { listWeight: 0, tableWeight: 0 } });
      expect([codeOf(zero), fieldsOf(zero)]).toEqual(['BAD_USER_INPUT', ['listWeight', 'tableWeight']]);
      expect(
        (
          await t.ok<{ ecoSettings: Record<string, unknown> }>(
            leader,
            `{ ecoSettings { reportDueWorkingDays listWeight tableWeight closureRateWeight onTimeRateWeight overduePenalty reboundPenalty bindingWeight expectedWeight atRiskCredit } }`,
          )
        ).ecoSettings,
      ).toEqual({
        reportDueWorkingDays: 10,
        listWeight: 0.5,
        tableWeight: 0.5,
        closureRateWeight: 0.6,
        onTimeRateWeight: 0.4,
        overduePenalty: 2,
        reboundPenalty: 3,
        bindingWeight: 2,
        expectedWeight: 1,
        atRiskCredit: 0.5,
      });

      const set = await t.ok<{ updateEcoSettings: Record<string, unknown> }>(OFFICE_TOKEN, SET, {
        input: { atRiskCredit: 0 },
      });
      expect(set.updateEcoSettings).toMatchObject({ atRiskCredit: 0, listWeight: 0.5, updatedBy: 'bootstrap' });
      const strict = await scores('2025');
      // env's table: only AIR counts now, 2 / 6 → 33.33; score (100 + 33.33) / 2
      expect(strict.find((r) => r.unit.id === env.id)).toMatchObject({ tableScore: 33.33, score: 66.67, rank: 3 });
      await t.ok(OFFICE_TOKEN, SET, { input: { atRiskCredit: 0.5 } });
      const audit = await t.ok<{ ecoAudit: { action: string }[] }>(OFFICE_TOKEN, `{ ecoAudit { action } }`);
      expect(audit.ecoAudit.filter((a) => a.action === 'SETTINGS_UPDATED').length).toBe(2);
    });
  });

  describe('the xlsx export: GET /reports/eco.xlsx', () => {
    const get = (path: string, token: string | null) => {
      const req = request(t.app.getHttpServer()).get(path);
      if (token) req.set('authorization', `Bearer ${token}`);
      return req.buffer(true).parse(binary);
    };
    const book = async (body: Buffer) => {
      const b = new ExcelJS.Workbook();
      await b.xlsx.load(body as unknown as ArrayBuffer);
      return b;
    };
    const values = (sheet: ExcelJS.Worksheet, row: number, width: number) =>
      Array.from({ length: width }, (_, i) => {
        const v = sheet.getRow(row).getCell(i + 1).value;
        return v === null || v === undefined ? '' : v;
      });

    it('needs a token and a period', async () => {
      expect((await get('/reports/eco.xlsx?period=2025', null)).status).toBe(401);
      expect((await get('/reports/eco.xlsx?period=2025-Q7', OFFICE_TOKEN)).status).toBe(400);
      expect((await get('/reports/eco.xlsx', OFFICE_TOKEN)).status).toBe(400);
    });

    it('lays the table out as 专栏2 and adds the ranked score', async () => {
      const res = await get('/reports/eco.xlsx?period=2025', OFFICE_TOKEN);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      const b = await book(res.body as Buffer);
      const sheet = b.getWorksheet('生态报表')!;
      expect(sheet.getRow(1).getCell(1).value).toBe('生态报表（2025）');
      expect(values(sheet, 2, 9)).toEqual([
        '类别',
        '序号',
        '指标名称',
        '指标属性',
        '基期值',
        '目标值',
        '本期值',
        '状态',
        '责任单位',
      ]);
      expect(values(sheet, 3, 9)).toEqual([
        '环境质量改善',
        1,
        '环境空气质量优良天数（天）',
        '约束性',
        '354*',
        '≥330',
        332,
        '达标',
        '区生态环境局（牵头）、水江镇',
      ]);
      expect(values(sheet, 5, 9)).toEqual([
        '污染物减排',
        5,
        '氮氧化物排放量下降（%）',
        '约束性',
        '【21.6】',
        '10',
        '',
        '逾期未报',
        '区生态环境局（牵头）',
      ]);
      expect(values(sheet, 6, 9)).toEqual([
        '生态保护',
        13,
        '森林覆盖率（%）',
        '约束性',
        '55.2',
        '58',
        58.2,
        '预警',
        '区林业局（牵头）、水江镇、南平镇',
      ]);
      expect(values(sheet, 7, 9).slice(1, 9)).toEqual([
        16,
        '城市人均公园绿地面积（平方米/人）',
        '预期性',
        '12.96',
        '15',
        14.2,
        '滞后',
        '南平镇（牵头）',
      ]);
      expect(sheet.rowCount).toBe(8);
      // 专栏2 prints each category once: the category column is merged over its rows
      expect(sheet.getCell('A3').isMerged && sheet.getCell('A4').isMerged).toBe(true);

      const ranking = b.getWorksheet('一单一表得分')!;
      expect(values(ranking, 1, 13)).toEqual([
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
      ]);
      expect(values(ranking, 2, 13)).toEqual([1, '区发展改革委', 100, '', 100, 0, 0, 0, 0, 0, 1, 1, 0]);
      expect(values(ranking, 3, 13)).toEqual([2, '区生态环境局', 75, 100, 50, 2, 1, 1, 0, 0, 3, 1, 0]);
      expect(ranking.rowCount).toBe(7);
    });

    it('gives a unit its own rows and its own score', async () => {
      const b = await book((await get('/reports/eco.xlsx?period=2025', town1.token)).body as Buffer);
      const sheet = b.getWorksheet('生态报表')!;
      expect(values(sheet, 3, 9)).toEqual([
        '环境质量改善',
        1,
        '环境空气质量优良天数（天）',
        '约束性',
        '354*',
        '≥320',
        318,
        '预警',
        '区生态环境局（牵头）、水江镇',
      ]);
      expect(values(sheet, 4, 9).slice(0, 8)).toEqual([
        '生态保护',
        13,
        '森林覆盖率（%）',
        '约束性',
        '55.2',
        '60',
        61,
        '达标',
      ]);
      expect(sheet.rowCount).toBe(4);
      const ranking = b.getWorksheet('一单一表得分')!;
      expect(ranking.rowCount).toBe(2);
      expect(values(ranking, 2, 3)).toEqual([2, '水江镇', 75]);
    });
  });

  describe('missing reports, on the working-day calendar', () => {
    it('turns a quarter MISSING once the 10th working day after it has ended, not before', async () => {
      const before = await cellOf('ENERGY', '2026-Q1');
      expect(before).toMatchObject({ status: 'AWAITING_REPORT', reportPeriod: '2026-Q1' });

      // The deadline: the end of the 10th working day after 31 March 2026, on the calendar the service keeps.
      const days = (
        await t.ok<{ calendarDays: { day: string; kind: string }[] }>(
          OFFICE_TOKEN,
          `{ calendarDays(year: 2026) { day kind } }`,
        )
      ).calendarDays;
      const exceptions = new Map(days.map((d) => [d.day, d.kind]));
      let day = new Date('2026-03-31T00:00:00.000Z');
      for (let left = 10; left > 0;) {
        day = new Date(day.getTime() + 86_400_000);
        const key = day.toISOString().slice(0, 10);
        const kind = exceptions.get(key);
        const working = kind ? kind === 'WORKDAY' : day.getUTCDay() >= 1 && day.getUTCDay() <= 5;
        if (working) left--;
      }
      // 24:00 in Shanghai of that day is 16:00Z of the same date
      const dueAt = new Date(day.getTime() + 16 * 3600_000).toISOString();
      expect(before.dueAt).toBe(dueAt);
      // 清明 (Monday 6 April) is no working day: the 10th falls on 15 April, not 14
      expect(dueAt).toBe('2026-04-15T16:00:00.000Z');

      t.clock.set(dueAt);
      expect(await cellOf('ENERGY', '2026-Q1')).toMatchObject({ status: 'AWAITING_REPORT' });
      t.clock.set(new Date(Date.parse(dueAt) + 1).toISOString());
      expect(await cellOf('ENERGY', '2026-Q1')).toMatchObject({ status: 'MISSING' });
      // one more working day, as the office may set it, moves the deadline past now
      const SET_DAYS = `mutation($n: Int!) { updateEcoSettings(input: { reportDueWorkingDays: $n }) { reportDueWorkingDays } }`;
      await t.ok(OFFICE_TOKEN, SET_DAYS, { n: 11 });
      expect(await cellOf('ENERGY', '2026-Q1')).toMatchObject({
        status: 'AWAITING_REPORT',
        dueAt: '2026-04-16T16:00:00.000Z',
      });
      await t.ok(OFFICE_TOKEN, SET_DAYS, { n: 10 });
      expect(await cellOf('ENERGY', '2026-Q1')).toMatchObject({ status: 'MISSING' });
      // a late report waits for the office, then is judged like any other
      const late = await reportOk(dev.token, { indicatorId: ind.ENERGY.id, period: '2026-Q1', value: 0.649 });
      expect(await cellOf('ENERGY', '2026-Q1')).toMatchObject({
        status: 'AWAITING_CONFIRMATION',
        submittedReportId: late.id,
      });
      await confirm(late.id);
      expect(await cellOf('ENERGY', '2026-Q1')).toMatchObject({ status: 'ON_TRACK', value: 0.649, path: 0.65 });
    });
  });

  describe('reported history keeps its indicator', () => {
    it('refuses to delete an indicator that has reports, or to change the kind of period its reports are for', async () => {
      const r = await t.gql(OFFICE_TOKEN, `mutation($id: ID!) { deleteEcoIndicator(id: $id) }`, { id: ind.FOREST.id });
      expect([codeOf(r), fieldsOf(r)]).toEqual(['BAD_USER_INPUT', ['id']]);
      const freq = await update(ind.ENERGY.id, { frequency: 'YEAR' });
      expect([codeOf(freq), fieldsOf(freq)]).toEqual(['BAD_USER_INPUT', ['frequency']]);
    });
  });
});
