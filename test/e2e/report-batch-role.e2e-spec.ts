// The table by inspection batch and by the unit's part: seed 001's third central round (38 complaints handed over in
// its batches, 29 closed, 9 in progress, and 4 feedback problems) read as one table, a batch alone, and the units that
// cooperate on problems ranked on them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  assign,
  createUnitWithToken,
  fileIssue,
  issueIn,
  type IssueRef,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const ROUND = '第三轮中央生态环境保护督察';
const FIGURES = 'total closed open complaints overdue filedInPeriod closedInPeriod';
const TABLE = `query($batch: String, $sources: [IssueSource!], $unitRole: UnitRole, $asOf: DateTime, $periodStart: DateTime) {
  r: closureReport(batch: $batch, sources: $sources, unitRole: $unitRole, asOf: $asOf, periodStart: $periodStart) {
    rows { unit { name } rank ${FIGURES} } total { ${FIGURES} } } }`;

interface Row {
  unit: { name: string } | null;
  rank: number | null;
  total: number;
  closed: number;
  open: number;
  complaints: number;
}
interface Table {
  rows: Row[];
  total: Row;
}

describe('closureReport and weeklyReport by batch and by the unit’s part', () => {
  let t: TestApp;
  let bureau: UnitWithToken;
  let shuijiang: UnitWithToken;
  let nanping: UnitWithToken;
  const feedback: IssueRef[] = [];
  let filedAt: string;

  const table = async (variables: Record<string, unknown>, token = OFFICE_TOKEN): Promise<Table> =>
    (await t.ok<{ r: Table }>(token, TABLE, variables)).r;
  const complaint = (batch: string | null, k: number) => ({
    source: 'PUBLIC_COMPLAINT',
    batch,
    title: `群众举报 ${k}：夜间偷排废水`,
    complainantName: '王某',
    complaintChannel: '12369',
  });

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-01T02:00:00.000Z' });
    filedAt = t.clock.now().toISOString();
    bureau = await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' });
    shuijiang = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    nanping = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    // The round's 38 complaints over two batches: 29 closed, 9 in progress.
    for (let k = 0; k < 38; k++) {
      const batch = `${ROUND} ${k % 2 ? '第3批' : '第5批'}`;
      await issueIn(t, k < 29 ? 'CLOSED' : 'RECTIFYING.inProgress', k % 3 ? bureau : shuijiang, {
        file: complaint(batch, k),
      });
    }
    // Its 4 feedback problems, led by the bureau with the towns cooperating.
    for (let k = 0; k < 4; k++) {
      const issue = await fileIssue(t, { batch: `${ROUND} 反馈问题`, title: `督察反馈问题 ${k + 1}` });
      feedback.push(
        await assign(t, issue.id, bureau.id, { cooperatingUnitIds: k < 3 ? [shuijiang.id, nanping.id] : [nanping.id] }),
      );
    }
    // Not the round: the city's round, a batch whose name only begins like it, and none.
    for (let k = 0; k < 5; k++)
      await issueIn(t, 'CLOSED', nanping, { file: complaint('第二轮市级生态环境保护例行督察 第2批', k) });
    await issueIn(t, 'ASSIGNED', nanping, { file: complaint(`${ROUND}组转办`, 99) });
    await issueIn(t, 'ASSIGNED', nanping, { file: complaint(null, 100) });
  }, 180_000);

  afterAll(() => t?.close());

  it('reads the third central round’s complaints as one table: 38, 29 closed, 9 in progress', async () => {
    const r = await table({ batch: ROUND, sources: ['PUBLIC_COMPLAINT'] });
    expect(r.total).toMatchObject({ total: 38, closed: 29, open: 9, complaints: 38 });
    expect(r.rows.map((x) => [x.unit?.name, x.total]).sort()).toEqual([
      ['区生态环境局', 25],
      ['水江镇', 13],
    ]);
    // The whole round: the complaints and the feedback problems.
    expect((await table({ batch: ROUND })).total).toMatchObject({ total: 42, closed: 29, open: 13, complaints: 38 });
    // One batch alone, and (spaces around it trimmed) the other.
    expect((await table({ batch: `${ROUND} 第3批` })).total).toMatchObject({ total: 19, complaints: 19 });
    expect((await table({ batch: ` ${ROUND} 第5批 ` })).total).toMatchObject({ total: 19 });
    // A batch no problem has is an empty table, not an error.
    expect((await table({ batch: '第四轮中央生态环境保护督察' })).total).toMatchObject({ total: 0, closed: 0 });
    // Without the filter, every problem.
    expect((await table({})).total).toMatchObject({ total: 38 + 4 + 5 + 2 });
  });

  it('gives the weekly table of a batch the same figures, and the period counts within the batch', async () => {
    const week = await t.ok<{ r: Table }>(
      OFFICE_TOKEN,
      `query($batch: String) { r: weeklyReport(weekOf: "2026-06-01", batch: $batch) { total { ${FIGURES} } } }`,
      { batch: ROUND },
    );
    expect(week.r.total).toMatchObject({ total: 42, closed: 29, filedInPeriod: 42, closedInPeriod: 29 });
    const before = await table({
      batch: ROUND,
      asOf: new Date(new Date(filedAt).getTime() - 1000).toISOString(),
      periodStart: '2026-05-25T00:00:00.000Z',
    });
    expect(before.total).toMatchObject({ total: 0 });
  });

  it('ranks the cooperating units on the problems they cooperate on, as they were at each moment', async () => {
    const coop = await table({ unitRole: 'COOPERATING' });
    expect(coop.rows.map((x) => [x.unit?.name, x.total]).sort()).toEqual([
      ['南平镇', 4],
      ['水江镇', 3],
    ]);
    expect(coop.total).toMatchObject({ total: 7 });
    expect(coop.rows.every((x) => x.rank !== null)).toBe(true);
    // LEAD is the default: the bureau leads 25 complaints and the 4 feedback problems.
    const lead = await table({ unitRole: 'LEAD', batch: ROUND });
    expect(lead).toEqual(await table({ batch: ROUND }));
    expect(lead.rows.find((x) => x.unit?.name === '区生态环境局')?.total).toBe(29);

    // Reassigned without 水江镇, and one returned (no unit cooperates on a returned problem): the table now, and as before.
    const beforeChange = t.clock.now().toISOString();
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
      input: {
        issueId: feedback[0].id,
        leadUnitId: bureau.id,
        cooperatingUnitIds: [nanping.id],
        deadlineKind: 'LONG_TERM',
      },
    });
    await t.ok(bureau.token, `mutation($id: ID!) { returnIssue(issueId: $id, reason: "不属于本单位职责") { id } }`, {
      id: feedback[1].id,
    });
    const after = await table({ unitRole: 'COOPERATING', batch: ROUND });
    expect(after.rows.map((x) => [x.unit?.name, x.total]).sort()).toEqual([
      ['南平镇', 3],
      ['水江镇', 1],
    ]);
    const then = await table({ unitRole: 'COOPERATING', batch: ROUND, asOf: beforeChange });
    expect(then.rows.map((x) => [x.unit?.name, x.total]).sort()).toEqual([
      ['南平镇', 4],
      ['水江镇', 3],
    ]);
  });

  it('shows a unit its own cooperating row and the total, never a peer’s', async () => {
    const mine = await table({ unitRole: 'COOPERATING' }, nanping.token);
    expect(mine.rows.map((x) => x.unit?.name)).toEqual(['南平镇']);
    expect(mine.total.total).toBeGreaterThan(mine.rows[0].total);
  });

  it('refuses a role it does not know and an over-long batch, saying which argument', async () => {
    const bad = await t.gql(OFFICE_TOKEN, `{ closureReport(unitRole: OWNER) { total { total } } }`);
    expect(bad.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const long = await t.gql(OFFICE_TOKEN, `query($b: String) { closureReport(batch: $b) { total { total } } }`, {
      b: '批'.repeat(201),
    });
    expect(long.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(long.errors?.[0].extensions)).toContain('batch');
  });
});
