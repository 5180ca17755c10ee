// 周通报: the weekly table as of a past moment (read from the audit log), week boundaries in Asia/Shanghai,
// the complaint figures, and the spreadsheet / CSV downloads.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import {
  assign,
  createUnitWithToken,
  fileIssue,
  type IssueRef,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';
import { binary } from '../support/binary-body.js';

interface Row {
  unit: { id: string; name: string } | null;
  total: number;
  closed: number;
  closureRate: number;
  completedOnTime: number;
  onTimeRate: number;
  open: number;
  overdue: number;
  dueSoon: number;
  rebounds: number;
  filedInPeriod: number;
  closedInPeriod: number;
  rank: number | null;
  complaints: number;
  replyDue: number;
  repliedOnTime: number;
  replyOnTimeRate: number;
  rated: number;
  satisfied: number;
  satisfactionRate: number;
}

interface Report {
  asOf: string;
  periodStart: string;
  rows: Row[];
  total: Row;
}

type Figures = Omit<
  Row,
  | 'unit'
  | 'rank'
  | 'complaints'
  | 'replyDue'
  | 'repliedOnTime'
  | 'replyOnTimeRate'
  | 'rated'
  | 'satisfied'
  | 'satisfactionRate'
>;
type ComplaintFigures = Pick<
  Row,
  'complaints' | 'replyDue' | 'repliedOnTime' | 'replyOnTimeRate' | 'rated' | 'satisfied' | 'satisfactionRate'
>;

const ROW = `unit { id name } total closed closureRate completedOnTime onTimeRate open overdue dueSoon rebounds filedInPeriod closedInPeriod rank
  complaints replyDue repliedOnTime replyOnTimeRate rated satisfied satisfactionRate`;
const CLOSURE = `query($asOf: DateTime, $unitId: ID) { r: closureReport(asOf: $asOf, unitId: $unitId) { asOf periodStart rows { ${ROW} } total { ${ROW} } } }`;
const WEEKLY = `query($w: Date!) { r: weeklyReport(weekOf: $w) { asOf periodStart rows { ${ROW} } total { ${ROW} } } }`;

const NO_COMPLAINTS: ComplaintFigures = {
  complaints: 0,
  replyDue: 0,
  repliedOnTime: 0,
  replyOnTimeRate: 0,
  rated: 0,
  satisfied: 0,
  satisfactionRate: 0,
};
const DAY = 86_400_000;

const codeOf = (reply: GqlReply<unknown>): string | undefined => reply.errors?.[0]?.extensions.code;
const rates = <T extends Partial<Row>>(f: T): T => {
  const out: Record<string, unknown> = { ...f };
  for (const k of ['closureRate', 'onTimeRate', 'replyOnTimeRate', 'satisfactionRate'] as const) {
    if (typeof f[k] === 'number') out[k] = expect.closeTo(f[k] as number, 12);
  }
  return out as T;
};
const unitRow = (unit: UnitWithToken, rank: number, f: Figures, c: ComplaintFigures = NO_COMPLAINTS) => ({
  unit: { id: unit.id, name: unit.name },
  rank,
  ...rates({ ...f, ...c }),
});
const totalRow = (f: Figures, c: ComplaintFigures = NO_COMPLAINTS) => ({
  unit: null,
  rank: null,
  ...rates({ ...f, ...c }),
});
const byUnitName = (rows: Row[]) => [...rows].sort((x, y) => (x.unit?.name ?? '').localeCompare(y.unit?.name ?? ''));

// ------------------------------------------------------------------------------------------------------------------

describe('weeklyReport and closureReport as of the past, from the audit log', () => {
  let t: TestApp;
  let a: UnitWithToken;
  let b: UnitWithToken;
  let c: UnitWithToken;
  const p: Record<string, IssueRef> = {};
  const recorded: Record<string, Report> = {};

  // Three weeks of 2026 (Asia/Shanghai = UTC+8): W1 = Mon 2 – Sun 8 Mar, W2 = 9–15 Mar, W3 = 16–22 Mar.
  const W1_START = '2026-03-01T16:00:00.000Z';
  const W2_START = '2026-03-08T16:00:00.000Z';
  const W3_START = '2026-03-15T16:00:00.000Z';
  const endOf = (weekStart: string) => new Date(Date.parse(weekStart) + 7 * DAY - 1).toISOString();
  const SUN1_2359 = '2026-03-08T15:59:00.000Z'; // Sunday 8 Mar, 23:59 in Shanghai
  const MON2_0000 = W2_START; // Monday 9 Mar, 00:00 in Shanghai
  const SUN2_2359 = '2026-03-15T15:59:00.000Z';
  const MON3_0000 = W3_START;
  const M1 = '2026-03-10T03:00:00.000Z';
  const M2 = '2026-03-12T06:00:00.000Z';
  const M3 = '2026-03-19T02:00:00.000Z';
  const due = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY).toISOString(); // 24:00 of that Shanghai day

  const closure = async (variables: Record<string, unknown> = {}, token = OFFICE_TOKEN): Promise<Report> =>
    (await t.ok<{ r: Report }>(token, CLOSURE, variables)).r;
  const weekly = async (weekOf: string, token = OFFICE_TOKEN): Promise<Report> =>
    (await t.ok<{ r: Report }>(token, WEEKLY, { w: weekOf })).r;

  const run = (token: string, mutation: string, variables: Record<string, unknown>) => t.ok(token, mutation, variables);
  const lead: Record<string, () => UnitWithToken> = {};
  const file = async (key: string) => {
    p[key] = await fileIssue(t, { title: `问题 ${key}`, code: `WK-${key}` });
  };
  const assignTo = async (key: string, unit: UnitWithToken, dueAt: string) => {
    await assign(t, p[key].id, unit.id, { dueAt });
    lead[key] = () => unit;
  };
  const accept = (key: string) =>
    run(lead[key]().token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: p[key].id });
  const submit = (key: string) =>
    run(lead[key]().token, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { id } }`, {
      id: p[key].id,
    });
  const verify = (key: string, passed = true) =>
    run(
      OFFICE_TOKEN,
      `mutation($id: ID!, $p: Boolean!) { verifyIssue(issueId: $id, passed: $p, comment: "复核") { id } }`,
      { id: p[key].id, p: passed },
    );
  const close = (key: string) =>
    run(OFFICE_TOKEN, `mutation($id: ID!) { closeIssue(issueId: $id, comment: "同意销号") { id } }`, { id: p[key].id });
  const finish = async (key: string) => {
    await submit(key);
    await verify(key);
    await close(key);
  };
  const revisit = (key: string, newDueAt?: string) =>
    newDueAt
      ? run(
          OFFICE_TOKEN,
          `mutation($id: ID!, $d: DateTime!) { revisitIssue(issueId: $id, rebounded: true, comment: "问题反弹", newDueAt: $d) { id } }`,
          { id: p[key].id, d: newDueAt },
        )
      : run(
          OFFICE_TOKEN,
          `mutation($id: ID!) { revisitIssue(issueId: $id, rebounded: false, comment: "回头看未反弹") { id } }`,
          { id: p[key].id },
        );

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t); // Monday 2 Mar, 10:00
    a = await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' });
    b = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    c = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });

    // W1, Monday: six problems; five assigned and signed for, p6 left FILED.
    for (const key of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) await file(key);
    await assignTo('p1', a, due('2026-03-13'));
    await assignTo('p2', a, due('2026-03-13'));
    await assignTo('p3', b, due('2026-03-13'));
    await assignTo('p4', b, due('2026-03-06'));
    await assignTo('p5', c, due('2026-03-20'));
    for (const key of ['p1', 'p2', 'p3', 'p4', 'p5']) await accept(key);

    // W1, Wednesday: p1 and p3 closed in time.
    t.clock.set('2026-03-04T02:00:00.000Z');
    await finish('p1');
    await finish('p3');

    // The turn of the week: p7 on Sunday 23:59, p8 on Monday 00:00.
    t.clock.set(SUN1_2359);
    await file('p7');
    t.clock.set(MON2_0000);
    await file('p8');

    // W2, Tuesday.
    t.clock.set('2026-03-10T02:00:00.000Z');
    await assignTo('p7', c, due('2026-03-27'));
    await accept('p7');
    await assignTo('p8', a, due('2026-03-13')); // stays ASSIGNED
    t.clock.set(M1);
    recorded.M1 = await closure();
    recorded.W1 = await weekly('2026-03-04');

    // W2, Wednesday and Thursday: p1 rebounds, p3 is looked back on, p5 is submitted.
    t.clock.set('2026-03-11T02:00:00.000Z');
    await revisit('p1', due('2026-03-27'));
    await revisit('p3');
    t.clock.set('2026-03-12T02:00:00.000Z');
    await submit('p5');
    await verify('p5');
    t.clock.set(M2);
    recorded.M2 = await closure();
    recorded.W1atM2 = await weekly('2026-03-08');

    // The next turn of the week: p5 closed on Sunday 23:59, p2 (late) on Monday 00:00.
    t.clock.set(SUN2_2359);
    await close('p5');
    t.clock.set(MON3_0000);
    await finish('p2');

    // W3: p1 closed on Tuesday and rebounds again on Wednesday.
    t.clock.set('2026-03-17T02:00:00.000Z');
    await finish('p1');
    t.clock.set('2026-03-18T02:00:00.000Z');
    await revisit('p1', due('2026-04-10'));
    t.clock.set(M3);
    recorded.M3 = await closure();
    recorded.W2 = await weekly('2026-03-11');

    // W4, Monday: the third week's table.
    t.clock.set('2026-03-23T02:00:00.000Z');
    recorded.W3 = await weekly('2026-03-20');
    recorded.W1atW4 = await weekly('2026-03-02');
    recorded.W2atW4 = await weekly('2026-03-15');

    // Then life goes on: more closed, one reassigned, one rebounds, new problems, the sweep escalates.
    t.clock.set('2026-03-24T02:00:00.000Z');
    await finish('p4'); // late
    await run(
      OFFICE_TOKEN,
      `mutation($id: ID!, $lead: ID!, $d: DateTime!) { reassignIssue(input: { issueId: $id, leadUnitId: $lead, deadlineKind: DATE, dueAt: $d, comment: "改由南平镇牵头" }) { id } }`,
      { id: p.p8.id, lead: c.id, d: due('2026-04-10') },
    );
    lead.p8 = () => c;
    await revisit('p5', due('2026-04-10'));
    await file('p9');
    await file('p10');
    await assignTo('p9', b, due('2026-04-10'));
    await assignTo('p6', b, due('2026-04-10'));
    await submit('p7');
    await verify('p7', false);
    await t.app.get(DeadlineSweepService).sweep();

    t.clock.set('2026-03-30T02:00:00.000Z'); // W5, Monday
    await finish('p7');
    await file('p11');
    await revisit('p3');
    await t.app.get(DeadlineSweepService).sweep();
  });
  afterAll(() => t.close());

  it('W1: counts what happened Monday 2 – Sunday 8 Mar, as of Sunday 24:00', () => {
    const r = recorded.W1;
    expect({ asOf: r.asOf, periodStart: r.periodStart }).toEqual({ asOf: endOf(W1_START), periodStart: W1_START });
    expect(byUnitName(r.rows)).toEqual(
      byUnitName([
        // p1 closed in time; p2 due 13 Mar: due soon.
        unitRow(a, 1, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 1,
          overdue: 0,
          dueSoon: 1,
          rebounds: 0,
          filedInPeriod: 2,
          closedInPeriod: 1,
        }),
        // p3 closed in time; p4 overdue since 6 Mar.
        unitRow(b, 1, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 1,
          overdue: 1,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 2,
          closedInPeriod: 1,
        }),
        unitRow(c, 3, {
          total: 1,
          closed: 0,
          closureRate: 0,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 1,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 1,
          closedInPeriod: 0,
        }),
      ] as unknown as Row[]),
    );
    // p6 and p7 (filed Sunday 23:59, not yet assigned) count in the total only.
    expect(r.total).toEqual(
      totalRow({
        total: 7,
        closed: 2,
        closureRate: 2 / 7,
        completedOnTime: 2,
        onTimeRate: 1,
        open: 5,
        overdue: 1,
        dueSoon: 1,
        rebounds: 0,
        filedInPeriod: 7,
        closedInPeriod: 2,
      }),
    );
  });

  it('W2: p8 filed Monday 00:00 is this week’s, p7 filed Sunday 23:59 is not; p5 closed Sunday 23:59 is', () => {
    const r = recorded.W2;
    expect({ asOf: r.asOf, periodStart: r.periodStart }).toEqual({ asOf: endOf(W2_START), periodStart: W2_START });
    expect(byUnitName(r.rows)).toEqual(
      byUnitName([
        // p1 rebounded (due 27 Mar), p2 and p8 overdue.
        unitRow(a, 3, {
          total: 3,
          closed: 0,
          closureRate: 0,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 3,
          overdue: 2,
          dueSoon: 0,
          rebounds: 1,
          filedInPeriod: 1,
          closedInPeriod: 0,
        }),
        unitRow(b, 1, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 1,
          overdue: 1,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
        }),
        unitRow(c, 1, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 1,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 1,
        }),
      ] as unknown as Row[]),
    );
    expect(r.total).toEqual(
      totalRow({
        total: 8,
        closed: 2,
        closureRate: 0.25,
        completedOnTime: 2,
        onTimeRate: 1,
        open: 6,
        overdue: 3,
        dueSoon: 0,
        rebounds: 1,
        filedInPeriod: 1,
        closedInPeriod: 1,
      }),
    );
  });

  it('W3: p2 closed (late) Monday 00:00 and p1 closed then rebounded in the week both count as closed in the week', () => {
    const r = recorded.W3;
    expect({ asOf: r.asOf, periodStart: r.periodStart }).toEqual({ asOf: endOf(W3_START), periodStart: W3_START });
    expect(byUnitName(r.rows)).toEqual(
      byUnitName([
        unitRow(a, 3, {
          total: 3,
          closed: 1,
          closureRate: 1 / 3,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 2,
          overdue: 1,
          dueSoon: 0,
          rebounds: 2,
          filedInPeriod: 0,
          closedInPeriod: 2,
        }),
        unitRow(b, 1, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 1,
          overdue: 1,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
        }),
        // p7 due 27 Mar: due soon as of Sunday 22 Mar 24:00.
        unitRow(c, 1, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 1,
          overdue: 0,
          dueSoon: 1,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
        }),
      ] as unknown as Row[]),
    );
    expect(r.total).toEqual(
      totalRow({
        total: 8,
        closed: 3,
        closureRate: 3 / 8,
        completedOnTime: 2,
        onTimeRate: 2 / 3,
        open: 5,
        overdue: 2,
        dueSoon: 1,
        rebounds: 2,
        filedInPeriod: 0,
        closedInPeriod: 2,
      }),
    );
  });

  it('counts p1 (closed Tuesday, rebounded Wednesday) as closed in the week in the live table too, as the log does', () => {
    const live = recorded.M3;
    expect({ asOf: live.asOf, periodStart: live.periodStart }).toEqual({ asOf: M3, periodStart: W3_START });
    // Closed in W3 up to Thursday: p2 (Monday 00:00) and p1 (Tuesday, reopened Wednesday).
    expect({ a: live.rows.find((r) => r.unit?.id === a.id)?.closedInPeriod, total: live.total.closedInPeriod }).toEqual(
      { a: 2, total: 2 },
    );
  });

  it('reads each past week the same, whenever it is asked', async () => {
    expect(recorded.W1atM2).toEqual(recorded.W1);
    expect(recorded.W1atW4).toEqual(recorded.W1);
    expect(recorded.W2atW4).toEqual(recorded.W2);
    // After p4 closed, p8 reassigned, p5 rebounded, p9–p11 filed, p6 assigned and escalations sent:
    expect(await weekly('2026-03-02')).toEqual(recorded.W1);
    expect(await weekly('2026-03-09')).toEqual(recorded.W2);
    expect(await weekly('2026-03-16')).toEqual(recorded.W3);
  });

  it.each(['M1', 'M2', 'M3'])(
    'answers closureReport(asOf: %s) exactly as it answered at that moment',
    async (moment) => {
      const asOf = { M1, M2, M3 }[moment as 'M1' | 'M2' | 'M3'];
      const past = await closure({ asOf });
      expect(past.asOf).toBe(asOf);
      expect(past).toEqual(recorded[moment]);
    },
  );

  it('keeps a reassigned problem under the unit that led it at the time', async () => {
    const then = await closure({ asOf: M1, unitId: a.id });
    expect(then.rows.map((r) => [r.unit?.name, r.total])).toEqual([[a.name, 3]]); // p1, p2 and p8
    const now = await closure({ unitId: a.id });
    expect(now.rows.map((r) => [r.unit?.name, r.total])).toEqual([[a.name, 2]]);
  });

  it('answers closureReport(asOf: a moment ago) as the current answer when nothing changed in between', async () => {
    t.clock.set('2026-03-31T03:00:00.000Z');
    const current = await closure();
    expect(current.asOf).toBe('2026-03-31T03:00:00.000Z');
    t.clock.set('2026-03-31T05:00:00.000Z');
    expect(await closure({ asOf: '2026-03-31T03:00:00.000Z' })).toEqual(current);
    // The current week too: weeklyReport of this week is the table as of now.
    expect(await weekly('2026-03-31')).toEqual(await closure());
  });

  describe('week boundaries (Monday 00:00 – Sunday 24:00, Asia/Shanghai)', () => {
    it('gives the same report for any day of the week', async () => {
      const days = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15'];
      for (const day of days) expect({ day, report: await weekly(day) }).toEqual({ day, report: recorded.W2 });
      expect(await weekly('2026-03-08')).toEqual(recorded.W1); // the Sunday before belongs to W1
      expect(await weekly('2026-03-16')).toEqual(recorded.W3); // the Monday after to W3
    });

    it('accepts the current week, up to its Sunday, as of now; refuses a week that has not begun', async () => {
      t.clock.set('2026-04-01T02:00:00.000Z'); // Wednesday 1 Apr
      const thisWeek = await weekly('2026-03-30');
      expect({ asOf: thisWeek.asOf, periodStart: thisWeek.periodStart }).toEqual({
        asOf: '2026-04-01T02:00:00.000Z',
        periodStart: '2026-03-29T16:00:00.000Z',
      });
      expect(await weekly('2026-04-05')).toEqual(thisWeek);

      const next = await t.gql(OFFICE_TOKEN, WEEKLY, { w: '2026-04-06' });
      expect(next.data).toBeNull();
      expect(next.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['weekOf'] });
    });

    it.each(['2026-3-9', '2026-02-30', '2026-13-01', '09/03/2026', '2026-03-09T00:00:00Z', ''])(
      'refuses weekOf %p as BAD_USER_INPUT',
      async (weekOf) => {
        const reply = await t.gql(OFFICE_TOKEN, WEEKLY, { w: weekOf });
        expect(reply.data ?? null).toBeNull();
        expect(reply.errors).toHaveLength(1);
        expect(codeOf(reply)).toBe('BAD_USER_INPUT');
      },
    );
  });
});

// ------------------------------------------------------------------------------------------------------------------

describe('complaint figures: 按时回复率 and 回访满意度', () => {
  let t: TestApp;
  let d: UnitWithToken;
  const c: Record<string, IssueRef> = {};
  const recorded: Record<string, Report> = {};
  const REPLY_DUE = '2026-04-20T10:00:00.000Z'; // Monday 20 Apr, 18:00 in Shanghai
  const T_APR17 = '2026-04-17T02:00:00.000Z';
  const T_APR21 = '2026-04-21T02:00:00.000Z';

  const run = (token: string, mutation: string, variables: Record<string, unknown>) => t.ok(token, mutation, variables);
  const submit = (key: string, finding?: string) =>
    run(
      d.token,
      `mutation($id: ID!, $f: ComplaintFinding) { submitRectification(issueId: $id, summary: "已答复举报人", finding: $f) { id } }`,
      {
        id: c[key].id,
        f: finding ?? null,
      },
    );
  const verify = (key: string, passed = true) =>
    run(
      OFFICE_TOKEN,
      `mutation($id: ID!, $p: Boolean!) { verifyIssue(issueId: $id, passed: $p, comment: "复核") { id } }`,
      { id: c[key].id, p: passed },
    );
  const close = (key: string, satisfaction: string | null) =>
    run(OFFICE_TOKEN, `mutation($id: ID!, $s: Satisfaction) { closeIssue(issueId: $id, satisfaction: $s) { id } }`, {
      id: c[key].id,
      s: satisfaction,
    });
  const closure = async (asOf?: string): Promise<Report> =>
    (await t.ok<{ r: Report }>(OFFICE_TOKEN, CLOSURE, { asOf })).r;
  const complaintFigures = (r: Row): ComplaintFigures => ({
    complaints: r.complaints,
    replyDue: r.replyDue,
    repliedOnTime: r.repliedOnTime,
    replyOnTimeRate: r.replyOnTimeRate,
    rated: r.rated,
    satisfied: r.satisfied,
    satisfactionRate: r.satisfactionRate,
  });
  const expectFigures = (r: Report, f: ComplaintFigures) => {
    expect(r.rows).toHaveLength(1);
    expect(complaintFigures(r.rows[0])).toEqual(rates(f));
    expect(complaintFigures(r.total)).toEqual(rates(f));
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-04-13T02:00:00.000Z' });
    await closingAtAcceptance(t); // Monday 13 Apr, 10:00
    d = await createUnitWithToken(t, { name: '区生态环境局' });
    const complaint = async (key: string, replyDueAt: string | null) => {
      c[key] = await fileIssue(t, {
        source: 'PUBLIC_COMPLAINT',
        title: `12345 举报 ${key}`,
        category: 'AIR',
        complainantName: '举报人',
        ...(replyDueAt ? { replyDueAt } : {}),
      });
      await assign(t, c[key].id, d.id, { dueAt: '2026-05-29T16:00:00.000Z' });
      await run(d.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: c[key].id });
    };
    for (const key of ['c1', 'c2', 'c3', 'c5', 'c6', 'c7']) await complaint(key, REPLY_DUE);
    await complaint('c4', '2026-05-29T10:00:00.000Z'); // a later reply deadline
    await complaint('c8', null); // the default: 15 working days
    c.n1 = await fileIssue(t, { title: '非投诉问题' });
    await assign(t, c.n1.id, d.id, { dueAt: '2026-05-29T16:00:00.000Z' });
    await run(d.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: c.n1.id });

    // Wednesday 15 Apr: four answered in time.
    t.clock.set('2026-04-15T02:00:00.000Z');
    for (const key of ['c1', 'c5', 'c6']) {
      await submit(key);
      await verify(key);
    }
    await submit('c7', 'UNFOUNDED');
    await submit('n1');
    await verify('n1');
    t.clock.set('2026-04-16T02:00:00.000Z');
    await close('c1', 'SATISFIED');
    await close('c5', 'BASICALLY_SATISFIED');
    await close('c6', null);
    await close('n1', null);
    await verify('c7', false); // the office disagrees with 不属实
    t.clock.set(T_APR17);
    recorded.apr17 = await closure();

    // The reply deadline passes; c2 and c3 are unanswered.
    t.clock.set(T_APR21);
    recorded.apr21 = await closure();

    // Wednesday 22 Apr: c2 answered late, c7 answered again.
    t.clock.set('2026-04-22T02:00:00.000Z');
    await submit('c2');
    await verify('c2');
    await submit('c7', 'PARTLY_SUBSTANTIATED');
    await verify('c7');
    t.clock.set('2026-04-23T02:00:00.000Z');
    await close('c2', 'UNSATISFIED');
    await close('c7', 'SATISFIED');
    t.clock.set('2026-04-27T02:00:00.000Z');
  });
  afterAll(() => t.close());

  it('defaults the reply deadline of c8 to 15 working days (after the 劳动节 holidays)', async () => {
    const data = await t.ok<{ issue: { replyDueAt: string } }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { replyDueAt } }`,
      { id: c.c8.id },
    );
    expect(data.issue.replyDueAt).toBe('2026-05-07T16:00:00.000Z');
  });

  it('before the reply deadline: only the answered complaints are due, all in time; two of the three closed are rated', () => {
    // replyDue: c1, c5, c6, c7 (answered); rated: c1 (满意), c5 (基本满意); c6 closed without an answer.
    expectFigures(recorded.apr17, {
      complaints: 8,
      replyDue: 4,
      repliedOnTime: 4,
      replyOnTimeRate: 1,
      rated: 2,
      satisfied: 2,
      satisfactionRate: 1,
    });
  });

  it('after the reply deadline: the unanswered c2 and c3 are due and late', () => {
    expectFigures(recorded.apr21, {
      complaints: 8,
      replyDue: 6,
      repliedOnTime: 4,
      replyOnTimeRate: 4 / 6,
      rated: 2,
      satisfied: 2,
      satisfactionRate: 1,
    });
  });

  it('now: c2 replied late and rated 不满意, c7 first replied in time and rated 满意; c4 and c8 not yet due', async () => {
    const now = await closure();
    expectFigures(now, {
      complaints: 8,
      replyDue: 6,
      repliedOnTime: 4,
      replyOnTimeRate: 4 / 6,
      rated: 4,
      satisfied: 3,
      satisfactionRate: 0.75,
    });
    expect(now.total).toMatchObject({ total: 9, closed: 6 });
  });

  it('reads the complaint figures of the past the same from the audit log', async () => {
    expect(await closure(T_APR17)).toEqual(recorded.apr17);
    expect(await closure(T_APR21)).toEqual(recorded.apr21);
  });

  it('counts them in the weekly table as of the week’s end', async () => {
    const week1 = (await t.ok<{ r: Report }>(OFFICE_TOKEN, WEEKLY, { w: '2026-04-13' })).r;
    expect(week1.asOf).toBe('2026-04-19T15:59:59.999Z');
    expectFigures(week1, {
      complaints: 8,
      replyDue: 4,
      repliedOnTime: 4,
      replyOnTimeRate: 1,
      rated: 2,
      satisfied: 2,
      satisfactionRate: 1,
    });
    const week2 = (await t.ok<{ r: Report }>(OFFICE_TOKEN, WEEKLY, { w: '2026-04-20' })).r;
    expectFigures(week2, {
      complaints: 8,
      replyDue: 6,
      repliedOnTime: 4,
      replyOnTimeRate: 4 / 6,
      rated: 4,
      satisfied: 3,
      satisfactionRate: 0.75,
    });
  });
});

// ------------------------------------------------------------------------------------------------------------------

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TABLE_HEADERS = [
  '单位',
  '问题总数',
  '已销号',
  '销号率',
  '按时完成',
  '按时率',
  '未完成',
  '逾期',
  '即将到期',
  '反弹',
  '本周新增',
  '本周销号',
  '排名',
];
const OVERDUE_HEADERS = ['编号', '问题', '牵头单位', '整改时限', '逾期天数', '督办级别'];
const LEVEL_LABEL: Record<string, string> = { WARNING: '预警', SUPERVISION: '督办', NAMED_SUPERVISION: '挂牌督办' };

/** Collects the raw body, whatever its content type. */

/** RFC 4180: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

type Cell = string | number;

function cellsOf(sheet: ExcelJS.Worksheet, rowNumber: number, width: number): Cell[] {
  const row = sheet.getRow(rowNumber);
  return Array.from({ length: width }, (_, i) => {
    const v = row.getCell(i + 1).value;
    if (v === null || v === undefined) return '';
    if (typeof v === 'string' || typeof v === 'number') return v;
    throw new Error(`unexpected cell value at ${rowNumber}:${i + 1}: ${JSON.stringify(v)}`);
  });
}

describe('weekly exports: /reports/weekly.xlsx and /reports/weekly.csv', () => {
  let t: TestApp;
  let x: UnitWithToken;
  let y: UnitWithToken;
  let z: UnitWithToken;
  const p: Record<string, IssueRef> = {};
  const NOW = '2026-05-13T02:00:00.000Z'; // Wednesday 13 May, 10:00 in Shanghai
  const WEEK = '2026-05-13';
  const FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")';
  const FORMULA_TITLE = '=1+2 渣土车未密闭运输';

  const get = (path: string, token: string | null) => {
    const req = request(t.app.getHttpServer()).get(path);
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.buffer(true).parse(binary);
  };
  const weekly = async (token = OFFICE_TOKEN): Promise<Report> =>
    (await t.ok<{ r: Report }>(token, WEEKLY, { w: WEEK })).r;
  const overdueIssues = async (token = OFFICE_TOKEN) =>
    (
      await t.ok<{
        issues: {
          edges: {
            node: {
              code: string;
              title: string;
              dueAt: string;
              dueDay: string;
              daysOverdue: number;
              escalationLevel: string;
              leadUnit: { id: string; name: string };
            };
          }[];
        };
      }>(
        token,
        `{ issues(filter: { overdue: true }, first: 200) { edges { node { code title dueAt dueDay daysOverdue escalationLevel leadUnit { id name } } } } }`,
      )
    ).issues.edges.map((e) => e.node);
  const workbook = async (body: Buffer): Promise<ExcelJS.Workbook> => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    return book;
  };
  const tableCells = (r: Row): Cell[] => [
    r.unit?.name ?? '合计',
    r.total,
    r.closed,
    r.closureRate,
    r.completedOnTime,
    r.onTimeRate,
    r.open,
    r.overdue,
    r.dueSoon,
    r.rebounds,
    r.filedInPeriod,
    r.closedInPeriod,
    r.rank ?? '',
  ];
  const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  /** Days late, counted in Shanghai calendar days from the deadline's day to today. */
  const daysLate = (dueAt: string) =>
    Math.round(
      (Date.parse(shanghaiDay(NOW)) - Date.parse(shanghaiDay(new Date(Date.parse(dueAt) - 1).toISOString()))) / DAY,
    );

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-30T02:00:00.000Z' });
    await closingAtAcceptance(t); // Monday 30 Mar
    x = await createUnitWithToken(t, { name: '区生态环境局' });
    y = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    z = await createUnitWithToken(t, { name: FORMULA_NAME, kind: 'OTHER' });
    const run = (token: string, mutation: string, id: string) =>
      t.ok(token, `mutation($id: ID!) { ${mutation} { id } }`, { id });
    const make = async (key: string, unit: UnitWithToken, dueAt: string, title = `问题 ${key}`) => {
      p[key] = await fileIssue(t, { title, code: `EX-${key}` });
      await assign(t, p[key].id, unit.id, { dueAt });
      await run(unit.token, 'acceptIssue(issueId: $id)', p[key].id);
    };
    const finish = async (key: string, unit: UnitWithToken) => {
      await run(unit.token, 'submitRectification(issueId: $id, summary: "已完成整改")', p[key].id);
      await run(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: true)', p[key].id);
      await run(OFFICE_TOKEN, 'closeIssue(issueId: $id)', p[key].id);
    };

    await make('y1', y, '2026-04-03T16:00:00.000Z'); // 40 days late on 13 May: 挂牌督办
    await make('y4', y, '2026-04-30T16:00:00.000Z', FORMULA_TITLE); // 13 days late: 督办
    await make('x1', x, '2026-05-08T16:00:00.000Z'); // 5 days late: 督办
    await make('x2', x, '2026-05-29T16:00:00.000Z');
    await make('x4', x, '2026-05-29T16:00:00.000Z');
    await make('y2', y, '2026-05-06T16:00:00.000Z');
    await make('y3', y, '2026-05-15T16:00:00.000Z'); // due soon
    await make('z1', z, '2026-06-30T16:00:00.000Z');
    await finish('x2', x);

    t.clock.set('2026-05-11T02:00:00.000Z'); // Monday of the exported week
    await finish('x4', x);
    await make('z2', z, '2026-06-30T16:00:00.000Z');
    t.clock.set('2026-05-12T02:00:00.000Z');
    await finish('y2', y); // late

    t.clock.set(NOW);
    await t.app.get(DeadlineSweepService).sweep();
  });
  afterAll(() => t.close());

  it('refuses a download without a valid bearer token (401)', async () => {
    const none = await get(`/reports/weekly.xlsx?weekOf=${WEEK}`, null);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body.toString('utf8'))).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect((await get(`/reports/weekly.csv?weekOf=${WEEK}`, null)).status).toBe(401);
    expect((await get(`/reports/weekly.xlsx?weekOf=${WEEK}`, 'rct_not-a-real-token-0000000000')).status).toBe(401);
  });

  it.each(['2026-5-13', '2026-02-30', 'next-week', ''])('refuses weekOf %p (400 BAD_USER_INPUT)', async (weekOf) => {
    const res = await get(`/reports/weekly.xlsx?weekOf=${encodeURIComponent(weekOf)}`, OFFICE_TOKEN);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: ['weekOf'] } }],
    });
  });

  it('refuses a week that has not begun (400)', async () => {
    const res = await get('/reports/weekly.csv?weekOf=2026-05-18', OFFICE_TOKEN);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: ['weekOf'] } }],
    });
  });

  it('gives the office the whole table as xlsx: Chinese headers, one row per unit and 合计, the same figures as weeklyReport', async () => {
    const res = await get(`/reports/weekly.xlsx?weekOf=${WEEK}`, OFFICE_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const book = await workbook(res.body as Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['周通报', '逾期问题', '督办问责', '群众举报（按批次）']);

    const report = await weekly();
    expect(report.rows.map((r) => [r.unit?.name, r.rank])).toEqual([
      [x.name, 1],
      [y.name, 2],
      [z.name, 3],
    ]);
    expect(report.rows.map((r) => r.closureRate)).toEqual([expect.closeTo(2 / 3, 12), 0.25, 0]);
    expect(report.total).toMatchObject({
      total: 9,
      closed: 3,
      completedOnTime: 2,
      overdue: 3,
      dueSoon: 1,
      filedInPeriod: 1,
      closedInPeriod: 2,
    });

    const sheet = book.getWorksheet('周通报')!;
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^督察整改周通报/);
    expect(cellsOf(sheet, 2, TABLE_HEADERS.length)).toEqual(TABLE_HEADERS);
    const expected = [...report.rows, report.total];
    expect(sheet.rowCount).toBe(2 + expected.length);
    expected.forEach((row, i) => {
      expect(cellsOf(sheet, 3 + i, TABLE_HEADERS.length)).toEqual(tableCells(row));
      for (const col of [4, 6]) expect(sheet.getRow(3 + i).getCell(col).numFmt).toBe('0.0%');
    });
    // A unit name that looks like a formula is text, not a formula.
    const named = sheet.getRow(3 + 2).getCell(1);
    expect({ type: named.type, value: named.value, formula: named.formula }).toEqual({
      type: ExcelJS.ValueType.String,
      value: FORMULA_NAME,
      formula: undefined,
    });
  });

  it('names a filtered download and its title for the filter, and marks no 后进 unit among three', async () => {
    const all = await get(`/reports/weekly.xlsx?weekOf=${WEEK}`, OFFICE_TOKEN);
    expect(all.headers['content-disposition']).toContain('filename="weekly-2026-05-11.xlsx"');
    const res = await get(`/reports/weekly.xlsx?weekOf=${WEEK}&sources=CENTRAL_INSPECTION`, OFFICE_TOKEN);
    expect(res.status).toBe(200);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain('filename="weekly-2026-05-11-CENTRAL_INSPECTION.xlsx"');
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('督察整改周通报-2026-05-11-中央督察.xlsx');
    const sheet = (await workbook(res.body as Buffer)).getWorksheet('周通报')!;
    expect(sheet.getCell('A1').value).toBe('督察整改周通报（2026-05-11 至 2026-05-17，截至 2026-05-13；中央督察）');
    expect(sheet.getCell('M1').isMerged).toBe(true);
    const marks = await t.ok<{ weeklyReport: { rows: { lagging: boolean }[]; total: { lagging: boolean } } }>(
      OFFICE_TOKEN,
      `query($w: Date!) { weeklyReport(weekOf: $w) { rows { lagging } total { lagging } } }`,
      { w: WEEK },
    );
    expect(marks.weeklyReport).toEqual({
      rows: [{ lagging: false }, { lagging: false }, { lagging: false }],
      total: { lagging: false },
    });
  });

  it('lists the overdue problems on 逾期问题, as the API does', async () => {
    const res = await get(`/reports/weekly.xlsx?weekOf=${WEEK}`, OFFICE_TOKEN);
    const sheet = (await workbook(res.body as Buffer)).getWorksheet('逾期问题')!;
    expect(cellsOf(sheet, 1, OVERDUE_HEADERS.length)).toEqual(OVERDUE_HEADERS);

    const api = (await overdueIssues()).sort((m, n) => m.dueAt.localeCompare(n.dueAt) || m.code.localeCompare(n.code));
    expect(api.map((i) => [i.code, i.escalationLevel])).toEqual([
      ['EX-y1', 'NAMED_SUPERVISION'],
      ['EX-y4', 'SUPERVISION'],
      ['EX-x1', 'SUPERVISION'],
    ]);
    expect(sheet.rowCount).toBe(1 + api.length);
    api.forEach((issue, i) => {
      expect(cellsOf(sheet, 2 + i, OVERDUE_HEADERS.length)).toEqual([
        issue.code,
        issue.title,
        issue.leadUnit.name,
        issue.dueDay,
        issue.daysOverdue,
        LEVEL_LABEL[issue.escalationLevel],
      ]);
    });
    // One calendar day for a deadline: the API's day and days are the sheet's, and what the calendar says.
    expect(api.map((i) => [i.dueDay, i.daysOverdue])).toEqual(
      api.map((i) => [shanghaiDay(new Date(Date.parse(i.dueAt) - 1).toISOString()), daysLate(i.dueAt)]),
    );
    expect(api.map((i) => i.daysOverdue)).toEqual([40, 13, 5]);
    const title = sheet.getRow(3).getCell(2);
    expect({ type: title.type, value: title.value, formula: title.formula }).toEqual({
      type: ExcelJS.ValueType.String,
      value: FORMULA_TITLE,
      formula: undefined,
    });
  });

  it('gives a UNIT only its own row, the total and its own overdue problems', async () => {
    const res = await get(`/reports/weekly.xlsx?weekOf=${WEEK}`, y.token);
    expect(res.status).toBe(200);
    const book = await workbook(res.body as Buffer);
    const table = book.getWorksheet('周通报')!;
    const mine = await weekly(y.token);
    expect(mine.rows.map((r) => r.unit?.id)).toEqual([y.id]);
    expect(table.rowCount).toBe(4);
    expect(cellsOf(table, 2, TABLE_HEADERS.length)).toEqual(TABLE_HEADERS);
    expect(cellsOf(table, 3, TABLE_HEADERS.length)).toEqual(tableCells(mine.rows[0]));
    expect(cellsOf(table, 4, TABLE_HEADERS.length)).toEqual(tableCells(mine.total));
    expect(mine.total).toEqual((await weekly()).total);

    const late = book.getWorksheet('逾期问题')!;
    expect(late.rowCount).toBe(3);
    expect([cellsOf(late, 2, 3), cellsOf(late, 3, 3)]).toEqual([
      ['EX-y1', '问题 y1', y.name],
      ['EX-y4', FORMULA_TITLE, y.name],
    ]);

    const csv = await get(`/reports/weekly.csv?weekOf=${WEEK}`, y.token);
    const lines = parseCsv(csv.body.toString('utf8').replace(/^\ufeff/, ''));
    expect(lines.map((l) => l[0])).toEqual(['单位', y.name, '合计']);
  });

  it('writes CSV with a UTF-8 BOM, the same headers and figures, rates like 66.7%, and no formula', async () => {
    const res = await get(`/reports/weekly.csv?weekOf=${WEEK}`, OFFICE_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    const lines = parseCsv(text);
    expect(lines[0]).toEqual(TABLE_HEADERS);

    const report = await weekly();
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    const expected = [...report.rows, report.total].map((r) =>
      tableCells(r).map((v, i) => (i === 3 || i === 5 ? pct(v as number) : String(v))),
    );
    expected[2][0] = `'${FORMULA_NAME}`; // defused: a spreadsheet will not run it
    expect(lines.slice(1)).toEqual(expected);
    expect(lines[1].slice(0, 6)).toEqual([x.name, '3', '2', '66.7%', '2', '100.0%']);
    expect(lines[4].slice(0, 6)).toEqual(['合计', '9', '3', '33.3%', '2', '66.7%']);
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/^"?[=+\-@]/);
  });
});
