// Complaints inside inspection rounds (#26): a complaint handed over by an inspection team keeps its source and round
// and counts as a complaint too. Seed 001's figures rebuilt through the API and an import: the third central round's
// 38 complaints (29 closed, 9 in progress) and the second municipal round's 60 (all answered, 54 closed, 20 orders to
// correct), read from one query each.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  assign,
  closingAtAcceptance,
  createUnitWithToken,
  fileIssue,
  type UnitWithToken,
} from '../factories/factories.js';
import { sheetRows, weeklyWorkbook } from '../support/binary-body.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const CENTRAL = '第三轮中央生态环境保护督察';
const MUNICIPAL = '第二轮市级生态环境保护例行督察';
const REPORT = `query($batch: String, $unitId: ID) { complaintReport(batch: $batch, unitId: $unitId) {
  rounds { source batch problems closedProblems complaints { received closed inProgress } }
  total { problems closedProblems
    complaints { received closed inProgress assignedInTime assignmentRate replied repliedOnTime replyDue onTimeReplyRate
      substantiated partlySubstantiated unfounded satisfied basicallySatisfied unsatisfied satisfactionRate }
    enforcement { ordersToCorrect casesOpened fineYuan problems } } } }`;

interface Figures {
  problems: number;
  closedProblems: number;
  complaints: Record<string, number>;
  enforcement: { ordersToCorrect: number; casesOpened: number; fineYuan: number; problems: number };
}

describe('complaints inside inspection rounds', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let bureau: UnitWithToken;

  const act = (token: string, mutation: string, variables: Record<string, unknown>) =>
    t.ok(token, `mutation($id: ID!) { r: ${mutation} { id } }`, variables);
  const report = async (batch: string, token = OFFICE_TOKEN, unitId?: string) =>
    (await t.ok<{ complaintReport: { rounds: unknown[]; total: Figures } }>(token, REPORT, { batch, unitId }))
      .complaintReport;

  /** The lead unit submits with its finding (and what enforcement came of it); the office accepts and closes. */
  async function answer(
    id: string,
    lead: UnitWithToken,
    o: { close: boolean; finding: string; satisfaction?: string; orders?: number },
  ) {
    await act(lead.token, 'acceptIssue(issueId: $id)', { id });
    await t.ok(
      lead.token,
      `mutation($id: ID!, $f: ComplaintFinding, $e: EnforcementInput) {
        submitRectification(issueId: $id, summary: "已核查处理并反馈举报人", finding: $f, enforcement: $e) { id } }`,
      {
        id,
        f: o.finding,
        e: o.orders ? { ordersToCorrect: o.orders, casesOpened: 0, fineYuan: 0 } : null,
      },
    );
    if (!o.close) return;
    await act(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: true)', { id });
    await t.ok(
      OFFICE_TOKEN,
      `mutation($id: ID!, $s: Satisfaction) { closeIssue(issueId: $id, satisfaction: $s) { id } }`,
      {
        id,
        s: o.satisfaction ?? null,
      },
    );
  }

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 in Shanghai; every source closes right after acceptance here.
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
    town = await createUnitWithToken(t, { name: '龙门镇', kind: 'TOWN' });
    bureau = await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' });
  }, 120_000);
  afterAll(() => t.close());

  it('files a complaint of any source when it names its channel, and refuses a complainant without one', async () => {
    const refused = await t.gql(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
      input: {
        source: 'CENTRAL_INSPECTION',
        title: '夜间偷排',
        description: '群众反映夜间偷排',
        category: 'WATER',
        complainantName: '王某',
      },
    });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['complainantName'] });
  });

  it('reads the third central round as one table: 38 received, 29 closed, 9 in progress', async () => {
    // 30 handed over by the inspection team as a list (imported, assigned at once), 8 filed one by one and assigned
    // five days later — late for 交办率.
    const csv = [
      '编号,来源,批次,问题,类别,牵头单位,整改时限,举报人,联系电话,投诉渠道',
      ...Array.from(
        { length: 30 },
        (_, k) =>
          `ZY-JB-${k + 1},中央,${CENTRAL} 第六督察组,群众举报${k + 1}：河道异味,水,${k % 2 ? town.name : bureau.name},2026-04-30,市民${k + 1},1390000${String(k).padStart(4, '0')},督察组举报电话`,
      ),
    ];
    const imported = await request(t.app.getHttpServer())
      .post('/imports')
      .set('Authorization', `Bearer ${OFFICE_TOKEN}`)
      .attach('file', Buffer.from(`\ufeff${csv.join('\r\n')}\r\n`, 'utf8'), 'handover.csv');
    expect(imported.body).toMatchObject({ created: 30, errors: [] });
    const ids = (
      (await t.db.query(`SELECT id FROM issues WHERE code LIKE 'ZY-JB-%' ORDER BY code`)) as { id: string }[]
    ).map((r) => r.id);
    for (let k = 0; k < 8; k++) {
      const { id } = await fileIssue(t, {
        source: 'CENTRAL_INSPECTION',
        batch: `${CENTRAL} 第六督察组`,
        title: `信访件${k + 1}：工地扬尘`,
        category: 'AIR',
        complainantName: '李某',
        complaintChannel: '信访',
      });
      ids.push(id);
    }
    // A problem of the round that is no complaint: counted with the round's problems, not its complaints.
    const feedback = await fileIssue(t, {
      source: 'CENTRAL_INSPECTION',
      batch: `${CENTRAL} 反馈问题`,
      title: '反馈问题1',
    });
    t.clock.set('2026-03-07T02:00:00.000Z');
    for (const id of ids.slice(30)) await assign(t, id, town.id, { dueAt: '2026-04-30T15:59:59.000Z' });
    await assign(t, feedback.id, town.id, { dueAt: '2026-06-30T15:59:59.000Z' });

    const leadOf = async (id: string) =>
      (
        await t.ok<{ issue: { leadUnit: { id: string } } }>(
          OFFICE_TOKEN,
          'query($id: ID!) { issue(id: $id) { leadUnit { id } } }',
          { id },
        )
      ).issue.leadUnit.id === town.id
        ? town
        : bureau;
    const { issue: one } = await t.ok<{ issue: { complaint: boolean; source: string; batch: string } }>(
      OFFICE_TOKEN,
      'query($id: ID!) { issue(id: $id) { complaint source batch } }',
      { id: ids[31] },
    );
    expect(one).toEqual({ complaint: true, source: 'CENTRAL_INSPECTION', batch: `${CENTRAL} 第六督察组` });

    for (const [k, id] of ids.entries()) {
      if (k >= 29) break;
      await answer(id, await leadOf(id), {
        close: true,
        finding: k % 3 === 0 ? 'SUBSTANTIATED' : k % 3 === 1 ? 'PARTLY_SUBSTANTIATED' : 'UNFOUNDED',
        satisfaction: k % 10 === 9 ? 'UNSATISFIED' : k % 2 ? 'BASICALLY_SATISFIED' : 'SATISFIED',
      });
    }

    const { rounds, total } = await report(CENTRAL);
    expect(total.complaints).toMatchObject({
      received: 38,
      closed: 29,
      inProgress: 9,
      // imported with their lead at once; the eight filed one by one assigned on the fifth day
      assignedInTime: 30,
      assignmentRate: 30 / 38,
      replied: 29,
      repliedOnTime: 29,
      // the nine not yet replied are not due yet (15 working days)
      replyDue: 29,
      onTimeReplyRate: 1,
      substantiated: 10,
      partlySubstantiated: 10,
      unfounded: 9,
    });
    const asked = 29;
    const unsatisfied = [9, 19].length;
    expect(total.complaints.unsatisfied).toBe(unsatisfied);
    expect(total.complaints.satisfactionRate).toBeCloseTo((asked - unsatisfied) / asked, 10);
    expect(total).toMatchObject({ problems: 39, closedProblems: 29 });
    expect(rounds).toHaveLength(2);
    expect(rounds).toEqual(
      expect.arrayContaining([
        {
          source: 'CENTRAL_INSPECTION',
          batch: `${CENTRAL} 第六督察组`,
          problems: 38,
          closedProblems: 29,
          complaints: { received: 38, closed: 29, inProgress: 9 },
        },
        {
          source: 'CENTRAL_INSPECTION',
          batch: `${CENTRAL} 反馈问题`,
          problems: 1,
          closedProblems: 0,
          complaints: { received: 0, closed: 0, inProgress: 0 },
        },
      ]),
    );
    // The same problems in the round's closure table: complaints are problems of the round too.
    const table = await t.ok<{ closureReport: { total: { total: number; closed: number } } }>(
      OFFICE_TOKEN,
      `query($b: String) { closureReport(batch: $b) { total { total closed } } }`,
      { b: CENTRAL },
    );
    expect(table.closureReport.total).toMatchObject({ total: 39, closed: 29 });
  }, 120_000);

  it('reads the second municipal round: 60 received, all answered, 54 closed, 20 orders to correct', async () => {
    t.clock.set('2026-05-11T02:00:00.000Z');
    for (let k = 0; k < 60; k++) {
      const lead = k % 3 ? town : bureau;
      const { id } = await fileIssue(t, {
        source: 'MUNICIPAL_INSPECTION',
        batch: MUNICIPAL,
        title: `市级督察转办举报${k + 1}`,
        complaintChannel: '12369',
      });
      await assign(t, id, lead.id, { dueAt: '2026-07-31T15:59:59.000Z' });
      await answer(id, lead, { close: k < 54, finding: 'SUBSTANTIATED', orders: k < 20 ? 1 : 0 });
    }
    const { total } = await report(MUNICIPAL);
    expect(total.complaints).toMatchObject({ received: 60, replied: 60, closed: 54, inProgress: 6 });
    expect(total.enforcement).toEqual({ ordersToCorrect: 20, casesOpened: 0, fineYuan: 0, problems: 20 });
  }, 120_000);

  it('prints the rounds in the weekly bulletin’s 群众举报（按批次） sheet', async () => {
    const rows = sheetRows(await weeklyWorkbook(t.app, '2026-05-11', OFFICE_TOKEN), '群众举报（按批次）');
    const line = (batch: string) => rows.find((r) => r[1] === batch)!;
    // 来源, 批次, 问题数, 已销号, 受理举报, 办结, 正在办理 … 责令改正
    expect(line(`${CENTRAL} 第六督察组`).slice(0, 7)).toEqual(['中央督察', `${CENTRAL} 第六督察组`, 38, 29, 38, 29, 9]);
    expect(line(MUNICIPAL).slice(0, 7)).toEqual(['市级督察', MUNICIPAL, 60, 54, 60, 54, 6]);
    expect(line(MUNICIPAL)[13]).toBe(20);
    expect(rows[rows.length - 1][0]).toBe('合计');
  });

  it('lets a unit read the complaints it leads, and no other unit’s', async () => {
    const own = await report(CENTRAL, town.token);
    const byOffice = await report(CENTRAL, OFFICE_TOKEN, town.id);
    expect(own.total).toEqual(byOffice.total);
    expect(own.total.complaints.received).toBeLessThan(38);
    const other = await t.gql(town.token, REPORT, { batch: CENTRAL, unitId: bureau.id });
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('reads a past moment from the logs: the same figures the present gave then, whatever came after', async () => {
    const FULL = `query($asOf: DateTime) { complaintReport(asOf: $asOf) {
      rounds { source batch problems closedProblems
        complaints { received closed inProgress assignedInTime replied repliedOnTime replyDue substantiated
          partlySubstantiated unfounded satisfied basicallySatisfied unsatisfied }
        enforcement { ordersToCorrect casesOpened fineYuan problems } }
      total { problems closedProblems complaints { received closed inProgress replied substantiated satisfied unsatisfied }
        enforcement { ordersToCorrect problems } } } }`;
    type Report = { complaintReport: { rounds: Figures[]; total: Figures } };
    const read = async (asOf?: Date) =>
      (await t.ok<Report>(OFFICE_TOKEN, FULL, { asOf: asOf?.toISOString() })).complaintReport;
    const present = await read();
    const moment = t.clock.now();
    t.clock.advanceDays(1);
    // The log's replay of each problem (past path) against the rows' present facts, for every figure of every round.
    expect(await read(moment)).toEqual(present);

    // Later: an open complaint is answered and closed, a closed one rebounds — the present moves, the past does not.
    type Node = { id: string; state: string; leadUnit: { id: string } | null };
    const { issues } = await t.ok<{ issues: { edges: { node: Node }[] } }>(
      OFFICE_TOKEN,
      `query($b: String) { issues(filter: { batch: $b }, first: 100) { edges { node { id state leadUnit { id } } } } }`,
      { b: `${CENTRAL} 第六督察组` },
    );
    const open = issues.edges.find((e) => e.node.state === 'ASSIGNED')!.node;
    const lead = open.leadUnit!.id === town.id ? town : bureau;
    await answer(open.id, lead, { close: true, finding: 'SUBSTANTIATED', satisfaction: 'UNSATISFIED', orders: 2 });
    const closed = issues.edges.filter((e) => e.node.state === 'CLOSED').map((e) => e.node.id);
    await act(
      OFFICE_TOKEN,
      'revisitIssue(issueId: $id, rebounded: true, comment: "回访发现反弹", newDueAt: "2026-12-31T15:59:59.000Z")',
      { id: closed[0] },
    );
    const later = await read();
    expect(later).not.toEqual(present);
    expect(await read(moment)).toEqual(present);

    const future = await t.gql(OFFICE_TOKEN, FULL, { asOf: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['asOf'] });
  });

  it('leaves logs that replay, complaints of every source included', async () => {
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });
});
