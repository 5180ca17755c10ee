// Supervision with teeth (#26): the office issues a supervision order (督办单) on problems of one unit, the unit replies
// in writing, the office sends a reply back or accepts it (办结); a leader instructs (批示) and the unit acknowledges;
// an escalation rung raises an order where the office configured it to. Each step is an event in every problem's log
// (one transaction for all), the unit is told once per order, and the logs replay.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotificationDispatcher } from '../../src/notifications/notification-dispatcher.service.js';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import { createToken, createUnitWithToken, issueIn, type UnitWithToken } from '../factories/factories.js';
import { sheetRows, weeklyWorkbook } from '../support/binary-body.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const ORDER_FIELDS = `id number level reasons status replyDueDay replyOverdue automatic replies explanation measures
  decisionComment closedAt unit { id } issues { id }`;
const ISSUE = `mutation($input: IssueSupervisionOrderInput!) { issueSupervisionOrder(input: $input) { ${ORDER_FIELDS} } }`;
const REPLY = `mutation($o: ID!, $e: String!, $m: String!) {
  replyToSupervisionOrder(orderId: $o, explanation: $e, measures: $m) { ${ORDER_FIELDS} } }`;
const DECIDE = `mutation($o: ID!, $a: Boolean!, $c: String) {
  decideSupervisionOrderReply(orderId: $o, accepted: $a, comment: $c) { ${ORDER_FIELDS} } }`;
const PROBLEM = `query($id: ID!) { issue(id: $id) { version escalationLevel
  supervisionOrders { number status } instructions { text acknowledgedAt }
  events { type actor comment escalationLevel supervisionOrder { id automatic } } } }`;

interface Order {
  id: string;
  number: string;
  level: string;
  status: string;
  replyDueDay: string;
  replyOverdue: boolean;
  automatic: boolean;
  replies: number;
  explanation: string | null;
  decisionComment: string | null;
  closedAt: string | null;
  unit: { id: string };
  issues: { id: string }[];
}

interface Problem {
  version: number;
  escalationLevel: string;
  supervisionOrders: { number: string; status: string }[];
  instructions: { text: string; acknowledgedAt: string | null }[];
  events: {
    type: string;
    actor: string;
    comment: string | null;
    escalationLevel: string | null;
    supervisionOrder: { id: string; automatic: boolean } | null;
  }[];
}

describe('supervision orders and leaders’ instructions', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let other: UnitWithToken;
  let leader: string;
  let ids: string[];

  const problem = async (id: string, token = OFFICE_TOKEN) =>
    (await t.ok<{ issue: Problem }>(token, PROBLEM, { id })).issue;
  const told = async (unit: UnitWithToken, trigger: string) => {
    await t.app.get(NotificationDispatcher).planOnce();
    const { notifications } = await t.ok<{ notifications: { trigger: string; text: string }[] }>(
      unit.token,
      '{ notifications { trigger text } }',
    );
    return notifications.filter((n) => n.trigger === trigger);
  };
  const awaiting = async (token: string) =>
    (
      await t.ok<{ issues: { edges: { node: { id: string } }[] } }>(
        token,
        '{ issues(filter: { awaitingMe: true }, first: 100) { edges { node { id } } } }',
      )
    ).issues.edges.map((e) => e.node.id);

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 in Shanghai.
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    town = await createUnitWithToken(t, { name: '龙门镇', kind: 'TOWN' });
    other = await createUnitWithToken(t, { name: '石门镇', kind: 'TOWN' });
    leader = await createToken(t, 'LEADER', undefined, '区委书记');
    ids = [
      // Submitted: nothing else waits for the town on them, so its "awaiting me" shows the order alone.
      (await issueIn(t, 'RECTIFYING.submitted', town, { file: { title: '镇污水处理厂出水超标' } })).id,
      (await issueIn(t, 'RECTIFYING.submitted', town, { file: { title: '河道两岸垃圾未清理' } })).id,
    ];
  });
  afterAll(() => t.close());

  it('refuses an order on problems of two units, on an unknown problem, or with a number taken — and writes nothing', async () => {
    const elsewhere = (await issueIn(t, 'RECTIFYING.inProgress', other)).id;
    const mixed = await t.gql(OFFICE_TOKEN, ISSUE, {
      input: { issueIds: [ids[0], elsewhere], level: 'SUPERVISION', reasons: '整改进度滞后' },
    });
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['issueIds'] });
    const unknown = await t.gql(OFFICE_TOKEN, ISSUE, {
      input: { issueIds: ['00000000-0000-4000-8000-000000000000'], level: 'SUPERVISION', reasons: '整改进度滞后' },
    });
    expect(JSON.stringify(unknown.errors?.[0].extensions)).toContain('UNKNOWN_REFERENCE');
    // A unit may not issue one; a leader neither.
    for (const token of [town.token, leader]) {
      const refused = await t.gql(token, ISSUE, {
        input: { issueIds: [ids[0]], level: 'SUPERVISION', reasons: '整改进度滞后' },
      });
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    await t.ok(OFFICE_TOKEN, ISSUE, {
      input: { issueIds: [elsewhere], level: 'SUPERVISION', number: '督办〔2026〕99号', reasons: '整改进度滞后' },
    });
    const before = await problem(ids[0]);
    const taken = await t.gql(OFFICE_TOKEN, ISSUE, {
      input: { issueIds: ids, level: 'SUPERVISION', number: '督办〔2026〕99号', reasons: '整改进度滞后' },
    });
    expect(JSON.stringify(taken.errors?.[0].extensions)).toContain('TAKEN');
    // The events on both problems rolled back with the refused order.
    expect((await problem(ids[0])).version).toBe(before.version);
  });

  let order: Order;
  it('issues an order to the town on both its problems: logged on each, raised to 督办, told once, awaiting its reply', async () => {
    ({ issueSupervisionOrder: order } = await t.ok<{ issueSupervisionOrder: Order }>(OFFICE_TOKEN, ISSUE, {
      input: { issueIds: ids, level: 'SUPERVISION', reasons: '群众反映强烈，整改进度明显滞后' },
    }));
    expect(order).toMatchObject({
      number: '督办〔2026〕1号',
      level: 'SUPERVISION',
      status: 'AWAITING_REPLY',
      automatic: false,
      replies: 0,
      unit: { id: town.id },
      // Five working days from Monday 2 March: Monday 9 March.
      replyDueDay: '2026-03-09',
      replyOverdue: false,
    });
    expect(order.issues.map((i) => i.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const p = await problem(id);
      expect(p.escalationLevel).toBe('SUPERVISION');
      expect(p.supervisionOrders).toEqual([{ number: '督办〔2026〕1号', status: 'AWAITING_REPLY' }]);
      const last = p.events[p.events.length - 1];
      expect(last).toMatchObject({
        type: 'superviseOrder',
        comment: '群众反映强烈，整改进度明显滞后',
        escalationLevel: 'SUPERVISION',
        supervisionOrder: { id: order.id, automatic: false },
      });
    }
    const messages = await told(town, 'ORDER_ISSUED');
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toMatch(
      /问题 ZY-2026-\d{5} 等 2 个 下发督办单 督办〔2026〕1号，请于 2026-03-09 前书面回复/,
    );
    expect((await awaiting(town.token)).sort()).toEqual([...ids].sort());
    // Another unit neither reads it nor replies to it.
    const peek = await t.gql(other.token, `query($id: ID!) { supervisionOrder(id: $id) { id } }`, { id: order.id });
    expect(peek.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const theirs = await t.ok<{ supervisionOrders: { number: string }[] }>(
      other.token,
      '{ supervisionOrders { number } }',
    );
    expect(theirs.supervisionOrders.map((o) => o.number)).toEqual(['督办〔2026〕99号']);
    const reply = await t.gql(other.token, REPLY, { o: order.id, e: '情况说明', m: '措施' });
    expect(reply.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // The office has nothing to decide yet.
    const early = await t.gql(OFFICE_TOKEN, DECIDE, { o: order.id, a: true });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'NO_ORDER_REPLY' });
  });

  it('runs from the reply to the office’s decision: sent back once, replied again, accepted and closed', async () => {
    const first = await t.ok<{ replyToSupervisionOrder: Order }>(town.token, REPLY, {
      o: order.id,
      e: '污水管网改造涉及征地，工期延误',
      m: '3月底前完成管网接驳，4月中旬出水达标',
    });
    expect(first.replyToSupervisionOrder).toMatchObject({ status: 'REPLIED', replies: 1 });
    expect(await awaiting(town.token)).toEqual([]);
    // A second reply while the first awaits the office is refused.
    const twice = await t.gql(town.token, REPLY, { o: order.id, e: '补充', m: '补充' });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'NO_OPEN_ORDER' });

    const silent = await t.gql(OFFICE_TOKEN, DECIDE, { o: order.id, a: false });
    expect(silent.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const back = await t.ok<{ decideSupervisionOrderReply: Order }>(OFFICE_TOKEN, DECIDE, {
      o: order.id,
      a: false,
      c: '请明确出水达标的时间节点和责任人',
    });
    expect(back.decideSupervisionOrderReply).toMatchObject({
      status: 'AWAITING_REPLY',
      decisionComment: '请明确出水达标的时间节点和责任人',
    });
    const returned = await told(town, 'ORDER_REPLY_RETURNED');
    expect(returned).toHaveLength(1);
    expect(returned[0].text).toContain('请明确出水达标的时间节点');
    expect((await awaiting(town.token)).sort()).toEqual([...ids].sort());

    await t.ok(town.token, REPLY, { o: order.id, e: '已落实征地', m: '4月15日前出水达标，责任人：镇长' });
    const closed = await t.ok<{ decideSupervisionOrderReply: Order }>(OFFICE_TOKEN, DECIDE, {
      o: order.id,
      a: true,
      c: '同意',
    });
    expect(closed.decideSupervisionOrderReply).toMatchObject({ status: 'CLOSED', replies: 2 });
    expect(closed.decideSupervisionOrderReply.closedAt).not.toBeNull();
    // Retried, it applies no second time.
    const again = await t.gql(OFFICE_TOKEN, DECIDE, { o: order.id, a: true });
    expect(again.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    for (const id of ids) {
      const p = await problem(id);
      expect(p.supervisionOrders).toEqual([{ number: '督办〔2026〕1号', status: 'CLOSED' }]);
      expect(p.events.slice(-5).map((e) => e.type)).toEqual([
        'superviseOrder',
        'replyToOrder',
        'decideOrderReply',
        'replyToOrder',
        'decideOrderReply',
      ]);
    }
    expect(await awaiting(town.token)).toEqual([]);
  });

  it('a leader instructs on a problem; only a leader may; the unit is told and acknowledges it once', async () => {
    const INSTRUCT = `mutation($ids: [ID!], $text: String!) { issueInstruction(issueIds: $ids, text: $text) {
      id text acknowledgedAt unit { id } issues { id } } }`;
    for (const token of [OFFICE_TOKEN, town.token]) {
      const refused = await t.gql(token, INSTRUCT, { ids: [ids[0]], text: '请加快进度' });
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const { issueInstruction } = await t.ok<{ issueInstruction: { id: string; unit: { id: string } } }>(
      leader,
      INSTRUCT,
      { ids: [ids[0]], text: '请镇主要负责同志亲自督导，确保4月中旬出水稳定达标' },
    );
    expect(issueInstruction.unit.id).toBe(town.id);
    const messages = await told(town, 'INSTRUCTED');
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toContain('作出批示：“请镇主要负责同志亲自督导');
    expect(await awaiting(town.token)).toEqual([ids[0]]);
    const ACK = `mutation($n: ID!) { acknowledgeInstruction(instructionId: $n, comment: "已召开专题会部署落实") {
      acknowledgedAt acknowledgement } }`;
    const notMine = await t.gql(other.token, ACK, { n: issueInstruction.id });
    expect(notMine.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const ack = await t.ok<{ acknowledgeInstruction: { acknowledgedAt: string; acknowledgement: string } }>(
      town.token,
      ACK,
      { n: issueInstruction.id },
    );
    expect(ack.acknowledgeInstruction.acknowledgement).toBe('已召开专题会部署落实');
    const twice = await t.gql(town.token, ACK, { n: issueInstruction.id });
    expect(twice.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await awaiting(town.token)).toEqual([]);
    const p = await problem(ids[0], town.token);
    expect(p.instructions).toEqual([
      {
        text: '请镇主要负责同志亲自督导，确保4月中旬出水稳定达标',
        acknowledgedAt: ack.acknowledgeInstruction.acknowledgedAt,
      },
    ]);
    expect(p.events.slice(-2).map((e) => [e.type, e.actor])).toEqual([
      ['instruct', '区委书记'],
      ['acknowledgeInstruction', '龙门镇整改专班'],
    ]);
  });

  it('an escalation rung raises an order where the office configured it to', async () => {
    await t.ok(
      OFFICE_TOKEN,
      'mutation { setSupervisionSettings(autoOrderLevels: [NAMED_SUPERVISION], replyWorkingDays: 3) { replyWorkingDays } }',
    );
    const late = await issueIn(t, 'RECTIFYING.inProgress', other, { dueAt: '2026-03-10T15:59:59.000Z' });
    // Past its deadline by more than the days before 挂牌督办: 预警, 督办, then 挂牌督办 with an order.
    t.clock.set('2026-04-15T02:00:00.000Z');
    await t.app.get(DeadlineSweepService).sweep();
    const p = await problem(late.id);
    expect(p.escalationLevel).toBe('NAMED_SUPERVISION');
    const rungs = p.events.filter((e) => e.type === 'escalate');
    expect(rungs.map((e) => [e.escalationLevel, e.supervisionOrder?.automatic ?? null])).toEqual([
      ['WARNING', null],
      ['SUPERVISION', null],
      ['NAMED_SUPERVISION', true],
    ]);
    const { supervisionOrders } = await t.ok<{ supervisionOrders: Order[] }>(
      other.token,
      `query($id: ID!) { supervisionOrders(issueId: $id) { ${ORDER_FIELDS} } }`,
      { id: late.id },
    );
    expect(supervisionOrders).toHaveLength(1);
    expect(supervisionOrders[0]).toMatchObject({
      level: 'NAMED_SUPERVISION',
      automatic: true,
      status: 'AWAITING_REPLY',
    });
    // Three working days from Wednesday 15 April: Monday 20 April.
    expect(supervisionOrders[0].replyDueDay).toBe('2026-04-20');
    const messages = await told(other, 'ORDER_ISSUED');
    expect(messages.some((m) => m.text.includes('挂牌督办单'))).toBe(true);
    // A leader writes on the order itself: the instruction goes to its problems and its unit.
    const { issueInstruction } = await t.ok<{
      issueInstruction: { id: string; order: { id: string }; unit: { id: string }; issues: { id: string }[] };
    }>(
      leader,
      'mutation($o: ID) { issueInstruction(orderId: $o, text: "挂牌督办件，月底前销号") { id order { id } unit { id } issues { id } } }',
      {
        o: supervisionOrders[0].id,
      },
    );
    expect(issueInstruction).toMatchObject({
      order: { id: supervisionOrders[0].id },
      unit: { id: other.id },
      issues: [{ id: late.id }],
    });
    const pending = await t.ok<{ leaderInstructions: { id: string }[] }>(
      other.token,
      '{ leaderInstructions(acknowledged: false) { id } }',
    );
    expect(pending.leaderInstructions.map((n) => n.id)).toEqual([issueInstruction.id]);
  });

  it('tells the unit each day an order’s written reply is late', async () => {
    // (the clock at 15 April from the test before: 石门镇's 督办〔2026〕99号 has awaited its reply since 9 March; the
    // automatic order is due on 20 April)
    expect(await t.app.get(NotificationDispatcher).daily()).toBe('2026-04-15');
    const late = await told(other, 'ORDER_REPLY_OVERDUE');
    expect(late.map((n) => n.text)).toEqual([
      expect.stringMatching(/督办单 督办〔2026〕99号（问题 .+）的书面回复已逾期（回复期限 2026-03-09）/),
    ]);
    expect(await told(town, 'ORDER_REPLY_OVERDUE')).toEqual([]);
  });

  it('lists the week’s orders in the bulletin’s 督办问责 sheet: issued, and closed (办结)', async () => {
    const rows = sheetRows(await weeklyWorkbook(t.app, '2026-03-02', OFFICE_TOKEN), '督办问责');
    const ours = rows.filter((r) => r[4] === '督办〔2026〕1号');
    // Issued on Monday 2 March and closed the same week: one line, its 办结.
    expect(ours.map((r) => [r[0], r[1], r[2]])).toEqual([['2026-03-02', '督办单办结', '龙门镇']]);
    // The order 石门镇 still owes a reply reads as awaiting it.
    expect(rows.find((r) => r[4] === '督办〔2026〕99号')?.[6]).toMatch(/待回复，回复期限 \d{4}-\d{2}-\d{2}/);
    // A unit's bulletin has its own orders only.
    const theirs = sheetRows(await weeklyWorkbook(t.app, '2026-03-02', other.token), '督办问责');
    expect(theirs.map((r) => r[4])).not.toContain('督办〔2026〕1号');
  });

  it('leaves logs that replay to the problems as stored', async () => {
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });
});
