// closureReport (周通报): the figures of domain.md, per lead unit and in total, on a district built step by step.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  assign,
  createToken,
  createUnitWithToken,
  fileIssue,
  type IssueRef,
  type UnitWithToken,
  closingAtAcceptance,
  partsDone,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

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
}

interface Report {
  asOf: string;
  periodStart: string;
  rows: Row[];
  total: Row;
}

type Figures = Omit<Row, 'unit'>;

const REPORT = `query($asOf: DateTime, $periodStart: DateTime, $sources: [IssueSource!], $unitId: ID) {
  closureReport(asOf: $asOf, periodStart: $periodStart, sources: $sources, unitId: $unitId) {
    asOf periodStart rows { ...F } total { ...F }
  }
}
fragment F on ClosureRow {
  unit { id name } total closed closureRate completedOnTime onTimeRate open overdue dueSoon rebounds filedInPeriod closedInPeriod rank
}`;

// The calendar of the story (Asia/Shanghai = UTC+8; 2026-03-02 is a Monday).
const T0 = '2026-02-02T02:00:00.000Z'; // Monday 2 Feb, 10:00 in Shanghai
const DUE_FEB_10 = '2026-02-10T16:00:00.000Z'; // end of 10 Feb in Shanghai
const DUE_FEB_20 = '2026-02-20T16:00:00.000Z';
const SUNDAY_2330 = '2026-03-08T15:30:00.000Z'; // Sunday 8 Mar, 23:30 in Shanghai
const WEEK_OF_SUNDAY = '2026-03-01T16:00:00.000Z'; // Monday 2 Mar, 00:00 in Shanghai
const MONDAY_0000 = '2026-03-08T16:00:00.000Z'; // Monday 9 Mar, 00:00 in Shanghai
const MONDAY_0030 = '2026-03-08T16:30:00.000Z';

describe('closureReport: the weekly table', () => {
  let t: TestApp;
  let a: UnitWithToken; // a department
  let a1: UnitWithToken; // a sub-unit of a
  let b: UnitWithToken;
  let c: UnitWithToken;
  let d: UnitWithToken; // cooperates, never leads
  let e: UnitWithToken;
  const p: Record<string, IssueRef> = {};
  let sundayTable: Report | undefined;

  const run = (token: string, mutation: string, variables: Record<string, unknown>) => t.ok(token, mutation, variables);
  const accept = (key: string, lead: UnitWithToken) =>
    run(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: p[key].id });
  // (each cooperating unit's part first, reported for it by the office)
  const submit = async (key: string, lead: UnitWithToken) => {
    await partsDone(t, p[key].id);
    return run(lead.token, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { id } }`, {
      id: p[key].id,
    });
  };
  const verify = (key: string) =>
    run(OFFICE_TOKEN, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, { id: p[key].id });
  const close = (key: string) =>
    run(OFFICE_TOKEN, `mutation($id: ID!) { closeIssue(issueId: $id, comment: "同意销号") { id } }`, { id: p[key].id });
  const revisitOk = (key: string) =>
    run(
      OFFICE_TOKEN,
      `mutation($id: ID!) { revisitIssue(issueId: $id, rebounded: false, comment: "回头看未反弹") { id } }`,
      { id: p[key].id },
    );
  const rebound = (key: string, newDueAt: string) =>
    run(
      OFFICE_TOKEN,
      `mutation($id: ID!, $d: DateTime!) { revisitIssue(issueId: $id, rebounded: true, comment: "问题反弹", newDueAt: $d) { id } }`,
      {
        id: p[key].id,
        d: newDueAt,
      },
    );
  const file = async (key: string, input: Record<string, unknown> = {}) => {
    p[key] = await fileIssue(t, { title: `问题 ${key}`, ...input });
  };
  const assignTo = (
    key: string,
    lead: UnitWithToken,
    extra: { dueAt?: string; deadlineKind?: string; cooperatingUnitIds?: string[] },
  ) => assign(t, p[key].id, lead.id, extra);

  const report = async (args: Record<string, unknown> = {}, token = OFFICE_TOKEN): Promise<Report> =>
    (await t.ok<{ closureReport: Report }>(token, REPORT, args)).closureReport;

  /** Exact counts; rates to 12 decimals. */
  const figures = (f: Figures) => ({
    ...f,
    closureRate: expect.closeTo(f.closureRate, 12),
    onTimeRate: expect.closeTo(f.onTimeRate, 12),
  });
  const unitRow = (unit: UnitWithToken, f: Figures) => ({ unit: { id: unit.id, name: unit.name }, ...figures(f) });
  const totalRow = (f: Omit<Figures, 'rank'>) => ({ unit: null, ...figures({ ...f, rank: null }) });
  /** The rows in a fixed order (by unit id), whatever order the report chose. */
  const sorted = (rows: Row[]) => [...rows].sort((x, y) => (x.unit?.id ?? '').localeCompare(y.unit?.id ?? ''));
  const expectRows = (rows: Row[], expected: ReturnType<typeof unitRow>[]) =>
    expect(sorted(rows)).toEqual([...expected].sort((x, y) => x.unit.id.localeCompare(y.unit.id)));

  beforeAll(async () => {
    t = await createTestApp({ now: T0 });
    await closingAtAcceptance(t);
    a = await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' });
    a1 = await createUnitWithToken(t, { name: '区生态环境执法支队', kind: 'OTHER', parentId: a.id });
    b = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    c = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    d = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    e = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });

    // Monday 2 Feb: filed, assigned, signed for.
    for (const key of ['a1', 'a2', 'a3', 'a4', 'a6', 'x1', 'x2', 'b2', 'c1', 'c2', 'c3', 'e2', 'f2']) await file(key);
    await file('b1', { source: 'PUBLIC_COMPLAINT', title: '12369 举报 企业夜间偷排' });
    await file('e1', { source: 'SELF_INSPECTION', title: '举一反三 排查出的同类问题' });
    for (const key of ['a1', 'a3', 'a4']) await assignTo(key, a, { dueAt: DUE_FEB_20 });
    await assignTo('a2', a, { dueAt: DUE_FEB_10 });
    await assignTo('a6', a, { deadlineKind: 'LONG_TERM' });
    await assignTo('x1', a1, { dueAt: DUE_FEB_20 });
    await assignTo('x2', a1, { dueAt: DUE_FEB_20 });
    await assignTo('b1', b, { dueAt: DUE_FEB_20, cooperatingUnitIds: [d.id] });
    await assignTo('b2', b, { dueAt: '2026-03-06T16:00:00.000Z' });
    await assignTo('c1', c, { dueAt: DUE_FEB_20, cooperatingUnitIds: [a.id] });
    await assignTo('c2', c, { dueAt: DUE_FEB_20, cooperatingUnitIds: [a.id, d.id] });
    await assignTo('c3', c, { dueAt: '2026-03-07T16:00:00.000Z' }); // stays ASSIGNED
    await assignTo('e1', e, { dueAt: DUE_FEB_10 });
    await assignTo('e2', e, { dueAt: '2026-03-20T16:00:00.000Z' }); // stays ASSIGNED
    await assignTo('f2', b, { dueAt: DUE_FEB_20 });
    await run(b.token, `mutation($id: ID!) { returnIssue(issueId: $id, reason: "不属于本镇辖区") { id } }`, {
      id: p.f2.id,
    }); // back to FILED
    for (const [key, lead] of [
      ['a1', a],
      ['a2', a],
      ['a3', a],
      ['a4', a],
      ['a6', a],
      ['x1', a1],
      ['x2', a1],
      ['b1', b],
      ['b2', b],
      ['c1', c],
      ['c2', c],
      ['e1', e],
    ] as const) {
      await accept(key, lead);
    }

    // 10–13 Feb: in time for the 20 Feb deadline; late for the 10 Feb one.
    t.clock.set('2026-02-10T02:00:00.000Z');
    for (const [key, lead] of [
      ['a1', a],
      ['a3', a],
      ['a4', a],
      ['x1', a1],
      ['b1', b],
      ['c1', c],
      ['c2', c],
    ] as const) {
      await submit(key, lead);
      await verify(key);
    }
    t.clock.set('2026-02-11T02:00:00.000Z');
    for (const key of ['a1', 'a3', 'a4', 'b1', 'c1']) await close(key);
    t.clock.set('2026-02-12T02:00:00.000Z');
    for (const [key, lead] of [
      ['a2', a],
      ['e1', e],
    ] as const) {
      await submit(key, lead);
      await verify(key);
    }
    t.clock.set('2026-02-13T02:00:00.000Z');
    await close('e1');

    // 15 Feb: x2's deadline is extended to 1 Mar, then it is submitted after the first deadline but before the extended one.
    t.clock.set('2026-02-15T02:00:00.000Z');
    await run(
      a1.token,
      `mutation($id: ID!, $d: DateTime!) { requestExtension(issueId: $id, newDueAt: $d, reason: "雨季施工受阻") { id } }`,
      {
        id: p.x2.id,
        d: '2026-03-01T16:00:00.000Z',
      },
    );
    await run(
      OFFICE_TOKEN,
      `mutation($id: ID!) { decideExtension(issueId: $id, approve: true, comment: "同意延期") { id } }`,
      { id: p.x2.id },
    );

    // 25 Feb: look-backs; a4 has rebounded and must be redone by 5 Mar.
    t.clock.set('2026-02-25T02:00:00.000Z');
    await revisitOk('a3');
    await rebound('a4', '2026-03-05T16:00:00.000Z');
    await submit('x2', a1);
    await verify('x2');
    t.clock.set('2026-02-26T02:00:00.000Z');
    await close('x2');

    // The week of Monday 2 Mar.
    t.clock.set('2026-03-02T02:00:00.000Z');
    await file('a5');
    await assignTo('a5', a, { dueAt: '2026-03-12T16:00:00.000Z' }); // stays ASSIGNED, due soon on Sunday night
    t.clock.set('2026-03-03T02:00:00.000Z');
    await close('a2');
    t.clock.set('2026-03-04T02:00:00.000Z');
    await close('x1');
    await file('c4');
    await assignTo('c4', c, { dueAt: '2026-03-14T16:00:00.000Z' });
    await accept('c4', c);
    t.clock.set('2026-03-05T02:00:00.000Z');
    await submit('b2', b); // in time (due 6 Mar 24:00); the office will only verify it next week
    t.clock.set('2026-03-06T02:00:00.000Z');
    await file('f1', { source: 'PUBLIC_COMPLAINT', title: '12345 热线 河道垃圾漂浮' }); // never assigned
    t.clock.set('2026-03-08T15:00:00.000Z'); // Sunday 23:00
    await close('c2');

    t.clock.set(SUNDAY_2330);
  });
  afterAll(() => t.close());

  describe('on Sunday 23:30 (Shanghai)', () => {
    it('counts every figure per lead unit, and in total', async () => {
      const r = await report();
      sundayTable = r;
      expect(r.asOf).toBe(SUNDAY_2330);
      expect(r.periodStart).toBe(WEEK_OF_SUNDAY);
      // One row per unit that leads a problem: not d, which only cooperates; f1 and f2 lead nowhere.
      expectRows(r.rows, [
        // a1 on time, a2 late, a3 on time and revisited; a4 rebounded and overdue again; a5 due soon; a6 long-term.
        unitRow(a, {
          total: 6,
          closed: 3,
          closureRate: 0.5,
          completedOnTime: 2,
          onTimeRate: 2 / 3,
          open: 3,
          overdue: 1,
          dueSoon: 1,
          rebounds: 1,
          filedInPeriod: 1,
          closedInPeriod: 1,
          rank: 4,
        }),
        // x2 submitted after its first deadline but before the extended one: on time.
        unitRow(a1, {
          total: 2,
          closed: 2,
          closureRate: 1,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 1,
          rank: 1,
        }),
        // b2 was submitted before its deadline and waits for the office past it: open, not overdue.
        unitRow(b, {
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
          closedInPeriod: 0,
          rank: 2,
        }),
        unitRow(c, {
          total: 4,
          closed: 2,
          closureRate: 0.5,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 2,
          overdue: 1,
          dueSoon: 1,
          rebounds: 0,
          filedInPeriod: 1,
          closedInPeriod: 1,
          rank: 2,
        }),
        unitRow(e, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 1,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 5,
        }),
      ]);
      // The total also counts f1 (never assigned) and f2 (returned), and has neither unit nor rank.
      expect(r.total).toEqual(
        totalRow({
          total: 18,
          closed: 9,
          closureRate: 0.5,
          completedOnTime: 7,
          onTimeRate: 7 / 9,
          open: 9,
          overdue: 2,
          dueSoon: 2,
          rebounds: 1,
          filedInPeriod: 3,
          closedInPeriod: 3,
        }),
      );
    });

    it('ranks by closure rate, then on-time rate; equal rates share a rank and the next rank is skipped', async () => {
      const ranks = Object.fromEntries((await report()).rows.map((row) => [row.unit!.name, row.rank]));
      expect(ranks).toEqual({ [a1.name]: 1, [b.name]: 2, [c.name]: 2, [a.name]: 4, [e.name]: 5 });
    });

    it('counts only the given sources', async () => {
      const r = await report({ sources: ['PUBLIC_COMPLAINT', 'SELF_INSPECTION'] });
      expectRows(r.rows, [
        unitRow(b, {
          total: 1,
          closed: 1,
          closureRate: 1,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 1,
        }),
        unitRow(e, {
          total: 1,
          closed: 1,
          closureRate: 1,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 2,
        }),
      ]);
      expect(r.total).toEqual(
        totalRow({
          total: 3,
          closed: 2,
          closureRate: 2 / 3,
          completedOnTime: 1,
          onTimeRate: 0.5,
          open: 1,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 1,
          closedInPeriod: 0,
        }),
      );
      const none = await report({ sources: ['UNDERCOVER_INSPECTION'] });
      expect(none.rows).toEqual([]);
      expect(none.total).toEqual(
        totalRow({
          total: 0,
          closed: 0,
          closureRate: 0,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
        }),
      );
    });

    it('restricts to a unit and the units under it', async () => {
      const r = await report({ unitId: a.id });
      expectRows(r.rows, [
        unitRow(a, {
          total: 6,
          closed: 3,
          closureRate: 0.5,
          completedOnTime: 2,
          onTimeRate: 2 / 3,
          open: 3,
          overdue: 1,
          dueSoon: 1,
          rebounds: 1,
          filedInPeriod: 1,
          closedInPeriod: 1,
          rank: 2,
        }),
        unitRow(a1, {
          total: 2,
          closed: 2,
          closureRate: 1,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 1,
          rank: 1,
        }),
      ]);
      // c1 and c2 are only cooperated on by a: not a's.
      expect(r.total).toEqual(
        totalRow({
          total: 8,
          closed: 5,
          closureRate: 5 / 8,
          completedOnTime: 4,
          onTimeRate: 4 / 5,
          open: 3,
          overdue: 1,
          dueSoon: 1,
          rebounds: 1,
          filedInPeriod: 1,
          closedInPeriod: 2,
        }),
      );

      const sub = await report({ unitId: a1.id });
      expect(sub.rows).toEqual([
        unitRow(a1, {
          total: 2,
          closed: 2,
          closureRate: 1,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 1,
          rank: 1,
        }),
      ]);
      expect(sub.total).toEqual(
        totalRow({
          total: 2,
          closed: 2,
          closureRate: 1,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 1,
        }),
      );

      const cooperatorOnly = await report({ unitId: d.id });
      expect(cooperatorOnly.rows).toEqual([]);
      expect(cooperatorOnly.total).toMatchObject({
        total: 0,
        closed: 0,
        closureRate: 0,
        onTimeRate: 0,
        unit: null,
        rank: null,
      });
    });

    it('shows a UNIT caller its own row and the district total only; a LEADER sees every row', async () => {
      const mine = await report({}, b.token);
      expect(mine.rows).toEqual([
        unitRow(b, {
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
          closedInPeriod: 0,
          rank: 2,
        }),
      ]);
      expect(mine.total).toEqual(
        totalRow({
          total: 18,
          closed: 9,
          closureRate: 0.5,
          completedOnTime: 7,
          onTimeRate: 7 / 9,
          open: 9,
          overdue: 2,
          dueSoon: 2,
          rebounds: 1,
          filedInPeriod: 3,
          closedInPeriod: 3,
        }),
      );
      const ownSubtree = await report({ unitId: b.id }, b.token);
      expect(ownSubtree.rows.map((row) => row.unit?.id)).toEqual([b.id]);
      expect(ownSubtree.total).toMatchObject({ total: 2, closed: 1, open: 1 });
      const parent = await report({}, a.token);
      expect(parent.rows.map((row) => row.unit?.id)).toEqual([a.id]);

      const leader = await report({}, await createToken(t, 'LEADER', undefined, '区领导'));
      expect(leader.rows.map((row) => row.unit!.id).sort()).toEqual([a.id, a1.id, b.id, c.id, e.id].sort());
      // The unit's place is among every unit ranked, which it does not read: rankedUnits says how many there are.
      const place = `{ closureReport { rankedUnits rows { rank } } }`;
      const ranked = await t.ok<{ closureReport: { rankedUnits: number; rows: { rank: number }[] } }>(b.token, place);
      expect(ranked.closureReport).toEqual({ rankedUnits: leader.rows.length, rows: [{ rank: 2 }] });
    });

    it("does not let a UNIT caller read a peer's figures through unitId", async () => {
      // Without a guard the rows are filtered to the caller's own (none), but the total row is c's subtree: c's figures.
      const reply = await t.gql<{ closureReport: Report }>(b.token, REPORT, { unitId: c.id });
      expect(reply.data).toBeNull();
      expect(reply.errors?.map((err) => err.extensions.code)).toEqual(['FORBIDDEN']);
    });

    it('takes an explicit periodStart for the period figures', async () => {
      const r = await report({ periodStart: '2026-02-24T16:00:00.000Z' }); // from Wednesday 25 Feb
      expect(r.periodStart).toBe('2026-02-24T16:00:00.000Z');
      // filed: a5, c4, f1; closed: x2 (26 Feb), a2, x1, c2.
      expect(r.total).toMatchObject({ filedInPeriod: 3, closedInPeriod: 4 });
      expect(r.rows.find((row) => row.unit?.id === a1.id)).toMatchObject({ filedInPeriod: 0, closedInPeriod: 2 });
    });

    it('answers a past asOf from the audit log: Monday 2 Mar 00:00, before that week happened', async () => {
      const r = await report({ asOf: WEEK_OF_SUNDAY });
      expect(r.asOf).toBe(WEEK_OF_SUNDAY);
      expect(r.periodStart).toBe(WEEK_OF_SUNDAY);
      // Not yet: a5, c4, f1 filed; a2, x1, c2 closed (a2, x1, c2 were VERIFIED); b2 not yet submitted.
      // a4 (rebounded, due 5 Mar), b2 (due 6 Mar) and c3 (due 7 Mar) were due soon; nothing was overdue.
      expectRows(r.rows, [
        unitRow(a, {
          total: 5,
          closed: 2,
          closureRate: 0.4,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 3,
          overdue: 0,
          dueSoon: 1,
          rebounds: 1,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 4,
        }),
        unitRow(a1, {
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
          closedInPeriod: 0,
          rank: 1,
        }),
        unitRow(b, {
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
          rank: 1,
        }),
        unitRow(c, {
          total: 3,
          closed: 1,
          closureRate: 1 / 3,
          completedOnTime: 1,
          onTimeRate: 1,
          open: 2,
          overdue: 0,
          dueSoon: 1,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 5,
        }),
        unitRow(e, {
          total: 2,
          closed: 1,
          closureRate: 0.5,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 1,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 3,
        }),
      ]);
      expect(r.total).toEqual(
        totalRow({
          total: 15,
          closed: 6,
          closureRate: 0.4,
          completedOnTime: 5,
          onTimeRate: 5 / 6,
          open: 9,
          overdue: 0,
          dueSoon: 3,
          rebounds: 1,
          filedInPeriod: 0,
          closedInPeriod: 0,
        }),
      );
    });

    it('refuses an asOf in the future as BAD_USER_INPUT', async () => {
      const reply = await t.gql(OFFICE_TOKEN, REPORT, { asOf: '2026-03-09T15:30:00.000Z' });
      expect(reply.data).toBeNull();
      expect(reply.errors).toHaveLength(1);
      expect(reply.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['asOf'] });
    });
  });

  describe('on Monday 00:30 (Shanghai): a new week', () => {
    it('starts the period at Monday 00:00 and counts only what was filed or closed since', async () => {
      t.clock.set('2026-03-08T15:45:00.000Z'); // Sunday 23:45: last week
      await file('g1');
      t.clock.set(MONDAY_0000); // Monday 00:00:00.000: this week
      await file('g2');
      t.clock.set('2026-03-08T16:10:00.000Z');
      await verify('b2');
      await close('b2'); // submitted in time last week
      await file('g3');
      await assignTo('g3', e, { dueAt: '2026-03-12T16:00:00.000Z' });

      t.clock.set(MONDAY_0030);
      const r = await report();
      expect(r.asOf).toBe(MONDAY_0030);
      expect(r.periodStart).toBe(MONDAY_0000);
      expectRows(r.rows, [
        unitRow(a, {
          total: 6,
          closed: 3,
          closureRate: 0.5,
          completedOnTime: 2,
          onTimeRate: 2 / 3,
          open: 3,
          overdue: 1,
          dueSoon: 1,
          rebounds: 1,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 4,
        }),
        unitRow(a1, {
          total: 2,
          closed: 2,
          closureRate: 1,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 1,
        }),
        unitRow(b, {
          total: 2,
          closed: 2,
          closureRate: 1,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 0,
          overdue: 0,
          dueSoon: 0,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 1,
          rank: 1,
        }),
        unitRow(c, {
          total: 4,
          closed: 2,
          closureRate: 0.5,
          completedOnTime: 2,
          onTimeRate: 1,
          open: 2,
          overdue: 1,
          dueSoon: 1,
          rebounds: 0,
          filedInPeriod: 0,
          closedInPeriod: 0,
          rank: 3,
        }),
        unitRow(e, {
          total: 3,
          closed: 1,
          closureRate: 1 / 3,
          completedOnTime: 0,
          onTimeRate: 0,
          open: 2,
          overdue: 0,
          dueSoon: 1,
          rebounds: 0,
          filedInPeriod: 1,
          closedInPeriod: 0,
          rank: 5,
        }),
      ]);
      expect(r.total).toEqual(
        totalRow({
          total: 21,
          closed: 10,
          closureRate: 10 / 21,
          completedOnTime: 8,
          onTimeRate: 0.8,
          open: 11,
          overdue: 2,
          dueSoon: 3,
          rebounds: 1,
          filedInPeriod: 2,
          closedInPeriod: 1,
        }),
      );
    });

    it("still reads last week's table (as of Sunday 23:30) the same after the week turned", async () => {
      t.clock.set(MONDAY_0030);
      expect(await report({ asOf: SUNDAY_2330 })).toEqual(sundayTable);
    });
  });
});
